import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../harness";

/** The fields of `interface <name>` in a component file, with their doc comments. */
function fieldsOf(file: string, name: string): { name: string; optional: boolean; doc: string }[] {
  const source = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
  const start = source.indexOf(`export interface ${name} {`);
  const body = source.slice(start, source.indexOf("\n}\n", start));
  return [...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*readonly (\w+)(\?)?:/g)].map((m) => ({ name: m[2], optional: m[3] === "?", doc: m[1] }));
}

describe.each([
  ["components/database/database.ts", "DatabaseArgs", "components/database/README.md"],
  ["components/cache/cache.ts", "CacheArgs", "components/cache/README.md"],
])("%s", (file, args, readme) => {
  const documented = fs.readFileSync(path.join(PROJECT_ROOT, readme), "utf8");
  const fields = fieldsOf(file, args);

  test(`every ${args} field has a row in ${readme}`, () => {
    expect(fields.length).toBeGreaterThan(10);
    expect(fields.map((f) => f.name).filter((n) => !documented.includes(`| \`${n}\` |`))).toEqual([]);
  });

  test(`every optional ${args} field documents its default`, () => {
    expect(fields.filter((f) => f.optional && !f.doc.includes("@default")).map((f) => f.name)).toEqual([]);
  });
});
