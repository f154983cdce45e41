/**
 * Argument tables of component READMEs, rendered from the args interfaces'
 * doc comments: each field's type, its `@default` (or "required") and what it
 * does. A README marks each table with `<!-- args:<Interface>:start -->` and
 * `<!-- args:<Interface>:end -->`; `npm run docs` rewrites what is between.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/** An args interface whose table a README carries. */
export interface ArgsSource {
  readonly file: string;
  readonly interfaceName: string;
}

/** The READMEs with generated argument tables, and the interfaces each one documents, in order. */
export const COMPONENT_READMES: Readonly<Record<string, readonly ArgsSource[]>> = {
  "components/eks/README.md": [
    { file: "components/eks/cluster.ts", interfaceName: "EksClusterArgs" },
    { file: "components/eks/node-groups.ts", interfaceName: "EksNodeGroupArgs" },
    { file: "components/eks/karpenter.ts", interfaceName: "KarpenterArgs" },
    { file: "components/eks/auto-mode.ts", interfaceName: "AutoModeNodePoolArgs" },
    { file: "components/eks/node-pool.ts", interfaceName: "NodePoolArgs" },
    { file: "components/eks/container-insights.ts", interfaceName: "ContainerInsightsArgs" },
    { file: "components/eks/load-balancer-controller.ts", interfaceName: "LoadBalancerControllerArgs" },
    { file: "components/eks/app.ts", interfaceName: "EksAppArgs" },
    { file: "components/eks/monitoring.ts", interfaceName: "ClusterMonitoringArgs" },
  ],
};

/** One field of an args interface, as its source declares it. */
export interface ArgField {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly description: string;
  /** The `@default` text, when the field has one. */
  readonly defaultText?: string;
}

/** The fields of `interfaceName` in `file`, with their doc comments. */
export function argFields(source: ArgsSource): ArgField[] {
  const text = fs.readFileSync(path.join(ROOT, source.file), "utf8");
  const sourceFile = ts.createSourceFile(source.file, text, ts.ScriptTarget.ES2022, true);
  const declaration = sourceFile.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === source.interfaceName);
  if (!declaration) throw new Error(`${source.file} declares no interface ${source.interfaceName}`);
  return declaration.members.filter(ts.isPropertySignature).map((member) => {
    const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
    const comment = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join(" ");
    const defaultTag = docs.flatMap((d) => d.tags ?? []).find((t) => t.tagName.text === "default");
    return {
      name: member.name.getText(sourceFile),
      type: member.type?.getText(sourceFile).replace(/\s+/g, " ") ?? "unknown",
      optional: member.questionToken !== undefined,
      description: comment.replace(/\s+/g, " ").trim(),
      defaultText: defaultTag ? (ts.getTextOfJSDocComment(defaultTag.comment) ?? "").replace(/\s+/g, " ").trim() : undefined,
    };
  });
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The markdown table of one args interface. */
export function renderArgsTable(source: ArgsSource): string {
  const rows = argFields(source).map((f) => {
    const defaultText = f.optional ? (f.defaultText ?? "") : "(required)";
    return `| \`${f.name}\` | \`${cell(f.type)}\` | ${cell(defaultText)} | ${cell(f.description)} |`;
  });
  return ["| Argument | Type | Default | What |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** The README with every marked table replaced by its rendering; throws when a marker is missing. */
export function renderComponentReadme(readme: string): string {
  const sources = COMPONENT_READMES[readme];
  let text = fs.readFileSync(path.join(ROOT, readme), "utf8");
  for (const source of sources) {
    const start = `<!-- args:${source.interfaceName}:start -->`;
    const end = `<!-- args:${source.interfaceName}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${readme} has no ${start} … ${end} markers`);
    text = `${text.slice(0, from + start.length)}\n${renderArgsTable(source)}\n${text.slice(to)}`;
  }
  return text;
}
