/**
 * Text rendering of a captured program run in the shape `pulumi preview`
 * prints: the resource tree with `+` create marks, the outputs, and the
 * resource summary.
 */
import type { CapturedResource } from "../../test/harness/capture";
import type { RunResult } from "../../test/harness/run";

export const SECRET_MASK = "[secret]";

/**
 * The CLI shortens `aws:ec2/securityGroup:SecurityGroup` to `aws:ec2:SecurityGroup`
 * when the last module segment is the camel-cased type name.
 */
export function displayType(type: string): string {
  const parts = type.split(":");
  if (parts.length !== 3) return type;
  const [pkg, module, name] = parts;
  const slash = module.lastIndexOf("/");
  if (slash < 0 || !name) return type;
  const last = module.slice(slash + 1);
  return last === name[0].toLowerCase() + name.slice(1) ? `${pkg}:${module.slice(0, slash)}:${name}` : type;
}

/** Resources in tree order: each parent followed by its children, in registration order. */
export function treeOrder(resources: readonly CapturedResource[]): { resource: CapturedResource; prefix: string }[] {
  const children = new Map<string, CapturedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const parent = r.parent && urns.has(r.parent) ? r.parent : "";
    if (r.parent === "" && r.type === "pulumi:pulumi:Stack") continue;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: { resource: CapturedResource; prefix: string }[] = [];
  const walk = (r: CapturedResource, indent: string, last: boolean, root: boolean) => {
    out.push({ resource: r, prefix: root ? "" : `${indent}${last ? "└─ " : "├─ "}` });
    const kids = children.get(r.urn) ?? [];
    const nextIndent = root ? "" : `${indent}${last ? "   " : "│  "}`;
    kids.forEach((kid, i) => walk(kid, nextIndent, i === kids.length - 1, false));
  };
  const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  if (stack) walk(stack, "", true, true);
  // Resources whose parent was never registered (should not happen) still show up, at the top.
  for (const orphan of children.get("") ?? []) walk(orphan, "", true, true);
  return out;
}

/** The `Type  Name  Plan` table with `+` marks, as `pulumi preview` prints it. */
export function renderTree(run: RunResult): string {
  const rows = treeOrder(run.resources).map(({ resource, prefix }) => ({
    type: `${prefix}${displayType(resource.type)}`,
    name: resource.name,
    info: resource.options.protect ? "create  🔒" : "create",
  }));
  const typeWidth = Math.max(4, ...rows.map((r) => [...r.type].length));
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length));
  const pad = (s: string, width: number) => s + " ".repeat(Math.max(0, width - [...s].length));
  const lines = [`     ${pad("Type", typeWidth)}  ${pad("Name", nameWidth)}  Plan`];
  for (const row of rows) lines.push(` +   ${pad(row.type, typeWidth)}  ${pad(row.name, nameWidth)}  ${row.info}`.trimEnd());
  return lines.join("\n");
}

/** Count of resources per type (components included, the stack excluded), most frequent first. */
export function countByType(run: RunResult): { type: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of run.resources) if (r.type !== "pulumi:pulumi:Stack") counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

export function renderSummary(run: RunResult): string {
  const byType = countByType(run);
  const total = run.resources.length; // the CLI counts the stack resource too
  const width = Math.max(...byType.map((t) => String(t.count).length), 1);
  const lines = ["Resources by type:"];
  for (const { type, count } of byType) lines.push(`    ${String(count).padStart(width)}  ${displayType(type)}`);
  lines.push("", "Resources:", `    + ${total} to create`);
  return lines.join("\n");
}

/** Replaces the value at every secret path (`password`, `db.password`, `list[2]`) with the mask. */
export function maskSecrets<T>(value: T, secretPaths: readonly string[]): T {
  let out: unknown = structuredClone(value);
  for (const path of secretPaths) out = setAtPath(out, parsePath(path), SECRET_MASK);
  return out as T;
}

function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return parts;
}

function setAtPath(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  if (root === null || typeof root !== "object") return root;
  const [head, ...rest] = path;
  const container = root as Record<string | number, unknown>;
  if (head in container) container[head] = setAtPath(container[head], rest, replacement);
  return root;
}

/** The `Outputs:` block: values in the CLI's notation, secrets as `[secret]`. */
export function renderOutputs(run: RunResult): string {
  const outputs = maskSecrets(run.outputs, run.secretOutputPaths);
  const keys = Object.keys(outputs).sort();
  if (keys.length === 0) return "Outputs: none";
  const width = Math.max(...keys.map((k) => k.length));
  const lines = ["Outputs:"];
  for (const key of keys) lines.push(`    ${`${key}:`.padEnd(width + 1)} ${renderValue(outputs[key], "    ")}`);
  return lines.join("\n");
}

function renderValue(value: unknown, indent: string): string {
  if (value === SECRET_MASK) return SECRET_MASK;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = value.map((v, i) => `${indent}    [${i}]: ${renderValue(v, `${indent}    `)}`);
    return `[\n${inner.join("\n")}\n${indent}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return "{}";
    const width = Math.max(...entries.map(([k]) => k.length));
    const inner = entries.map(([k, v]) => `${indent}    ${`${k}:`.padEnd(width + 1)} ${renderValue(v, `${indent}    `)}`);
    return `{\n${inner.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}
