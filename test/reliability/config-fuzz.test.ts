import * as fc from "fast-check";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { deepMerge, toRawConfig } from "../harness";
import { configArbitrary, leafPaths, mapPaths, structuredStackConfig } from "./config-arbitrary";

const STACKS = ["dev", "staging", "prod"] as const;
const RUNS = 150;

function parse(config: Record<string, unknown>) {
  return parsePlatformConfig(toRawConfig(config).values, "fuzz");
}

/** Runs `parse` and returns its ConfigError problems, or [] when it succeeds; any other error propagates. */
function problemsOf(config: Record<string, unknown>): readonly string[] {
  try {
    parse(config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function setAt(config: Record<string, unknown>, key: string, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(config);
  if (path.length === 0) {
    copy[key] = value;
    return copy;
  }
  let node = copy[key] as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

const keyPath = (key: string, path: (string | number)[]) => path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : `${acc}.${p}`), key);

/** Values of the wrong type or far out of range for a leaf that holds `current`. */
function wrongValuesFor(current: unknown): unknown[] {
  if (typeof current === "number") return ["12", -1e9, true, null];
  if (typeof current === "boolean") return ["yes", 1, null];
  return [12345, true, ["list"], null];
}

const counts = { valid: 0, rejectedCombinations: 0, mutations: 0, unknownKeys: 0 };
afterAll(() => {
  console.info(
    `config fuzz: ${counts.valid} valid configs, ${counts.rejectedCombinations} rejected combinations, ${counts.mutations} wrong-value mutations, ${counts.unknownKeys} unknown-key mutations`,
  );
});

describe.each(STACKS)("configuration fuzzing from Pulumi.%s.yaml", (stack) => {
  test("values within documented bounds parse, and combinations AWS would reject fail naming their keys", () => {
    fc.assert(
      fc.property(configArbitrary(stack), ({ config }) => {
        const problems = problemsOf(config);
        if (problems.length === 0) counts.valid++;
        else counts.rejectedCombinations++;
        for (const problem of problems) expect(problem).toMatch(/^(platform|aws):[\w.[\]-]+: /);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  test("every leaf set to a wrong type or out-of-range value fails with an error naming that key", () => {
    const base = structuredStackConfig(stack);
    const leaves = leafPaths(base);
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.nat(), ({ key, path }, pick) => {
        const current = path.reduce<any>((node, part) => node[part], base[key]);
        const choices = wrongValuesFor(current);
        const config = setAt(base, key, path, choices[pick % choices.length]);
        counts.mutations++;
        const problems = problemsOf(config);
        const target = keyPath(key, path);
        const named = problems.some((p) => p.startsWith(`${target}:`) || p.startsWith(`${target}.`) || p.startsWith(`${target}[`) || target.startsWith(p.split(": ")[0]));
        expect({ target, problems, named }).toEqual({ target, problems: expect.arrayContaining([expect.any(String)]), named: true });
      }),
      { numRuns: RUNS, seed: 11 },
    );
  });

  test("an unknown key anywhere in a section is reported as a typo at its full path", () => {
    const base = structuredStackConfig(stack);
    const maps = mapPaths();
    const objectPaths = leafPaths(base)
      .filter(({ path }) => path.length > 0)
      .map(({ key, path }) => ({ key, path: path.slice(0, -1) }))
      .filter(({ key, path }) => !maps.some((m) => keyPath(key, path).startsWith(m)))
      .filter(({ key, path }) => !Array.isArray(path.reduce<any>((node, part) => node[part], base[key])));
    fc.assert(
      fc.property(fc.constantFrom(...objectPaths), ({ key, path }) => {
        const parent = path.reduce<any>((node, part) => node[part], base[key]);
        const config = setAt(base, key, path, deepMerge(parent, { retentionDayz: 3 }));
        counts.unknownKeys++;
        expect(problemsOf(config)).toContainEqual(expect.stringMatching(new RegExp(`^${escape(keyPath(key, [...path, "retentionDayz"]))}: unknown key`)));
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
