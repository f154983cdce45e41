import * as pulumi from "@pulumi/pulumi";

/** One argument problem: the argument (or config field) it is about, the value given and what is allowed. */
export interface ArgProblem {
  readonly argument: string;
  readonly value: unknown;
  readonly allowed: string;
}

/**
 * Collects argument problems so that a component reports every one of them at
 * once, before it creates any child resource. Each problem names the argument,
 * the value given and what is allowed.
 */
export class Problems {
  private readonly messages: string[] = [];

  /** Records a problem when `ok` is false. */
  check(ok: boolean, argument: string, value: unknown, allowed: string): void {
    if (!ok) this.add(argument, value, allowed);
  }

  add(argument: string, value: unknown, allowed: string): void {
    this.messages.push(`${argument}: ${describe(value)} is not allowed (expected ${allowed})`);
  }

  /** Records a problem that is not about one value, such as two arguments that exclude each other. */
  addMessage(message: string): void {
    this.messages.push(message);
  }

  get list(): readonly string[] {
    return this.messages;
  }

  /** Throws one `ResourceError` listing every problem, pointing at `resource`. */
  throwIfAny(resource: pulumi.Resource, component: string): void {
    if (this.messages.length > 0) {
      throw new pulumi.ResourceError(`${component} has invalid arguments:\n  - ${this.messages.join("\n  - ")}`, resource);
    }
  }
}

/** Renders a value the way it would appear in a stack file. */
export function describe(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** A fully qualified, lower-case domain name such as `app.example.com`. */
export function isDomainName(value: string): boolean {
  return value.length <= 253 && /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/.test(value);
}
