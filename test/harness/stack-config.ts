import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const PROJECT_NAME = "platform";

/** Configuration as the Pulumi CLI hands it to a program: full keys to strings, plus which keys are secret. */
export interface RawStackConfig {
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
}

/** The value that stands in for a `secure:` value, which cannot be decrypted without the stack's secrets provider. */
export function secretPlaceholder(key: string): string {
  return `mock-secret-for-${key.replace(/[^a-zA-Z0-9]/g, "-")}`;
}

/** Whether the project has a `Pulumi.<stack>.yaml`. */
export function stackFileExists(stack: string, root = PROJECT_ROOT): boolean {
  return fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`));
}

/**
 * Reads `Pulumi.<stack>.yaml` (and project defaults from `Pulumi.yaml`) the way
 * the CLI does: bare keys belong to the project namespace, structured values
 * are passed as JSON, and `secure:` values anywhere in a key mark it secret.
 */
export function readStackConfig(stack: string, root = PROJECT_ROOT): RawStackConfig {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`no stack file ${file}`);
  const stackFile = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const project = (parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const merged: Record<string, unknown> = {};
  for (const [key, declaration] of Object.entries(project.config ?? {})) {
    const value = declaration && typeof declaration === "object" && "default" in declaration ? (declaration as { default: unknown }).default : undefined;
    if (value !== undefined) merged[qualify(key)] = value;
  }
  for (const [key, value] of Object.entries(stackFile.config ?? {})) merged[qualify(key)] = value;
  return toRawConfig(merged);
}

/** Turns structured config (`{ "platform:network": { cidr: ... } }`) into what the CLI passes. */
export function toRawConfig(config: Record<string, unknown>): RawStackConfig {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(config)) {
    const key = qualify(rawKey);
    let secret = false;
    const reveal = (node: unknown, at: string): unknown => {
      if (Array.isArray(node)) return node.map((item, i) => reveal(item, `${at}[${i}]`));
      if (node && typeof node === "object") {
        const entries = Object.entries(node as Record<string, unknown>);
        if (entries.length === 1 && entries[0][0] === "secure") {
          secret = true;
          return secretPlaceholder(at);
        }
        return Object.fromEntries(entries.map(([k, v]) => [k, reveal(v, `${at}.${k}`)]));
      }
      return node;
    };
    const revealed = reveal(value, key);
    values[key] = typeof revealed === "string" ? revealed : JSON.stringify(revealed);
    if (secret) secretKeys.push(key);
  }
  return { values, secretKeys };
}

/** The reverse of {@link toRawConfig}: structured values parsed back from their JSON, strings left as they are. */
export function toStructuredConfig(values: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, parseIfJson(value)]));
}

function parseIfJson(value: string): unknown {
  try {
    const parsed = JSON.parse(value);
    return parsed !== null && typeof parsed === "object" ? parsed : value;
  } catch {
    return value;
  }
}

function qualify(key: string): string {
  return key.includes(":") ? key : `${PROJECT_NAME}:${key}`;
}
