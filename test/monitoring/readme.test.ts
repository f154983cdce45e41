import * as fs from "fs";
import * as path from "path";
import { planAlarms, renderCatalogueTable } from "../../components/monitoring";
import { ecsSources } from "./fixtures";

export const README = path.resolve(__dirname, "../../components/monitoring/README.md");
export const START = "<!-- catalogue:start -->";
export const END = "<!-- catalogue:end -->";

/** The README's table, rendered from the catalogue for the example descriptors in fixtures.ts. */
export function expectedTable(): string {
  return renderCatalogueTable(planAlarms({ alarmNamePrefix: "prod", ...ecsSources() }));
}

const underJest = typeof test === "function";

if (underJest) test("the README's alarm catalogue table matches the catalogue (regenerate: npx tsx test/monitoring/readme.test.ts)", () => {
  const readme = fs.readFileSync(README, "utf8");
  const between = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
  expect(between).toBe(expectedTable());
});

if (!underJest) {
  const readme = fs.readFileSync(README, "utf8");
  fs.writeFileSync(README, `${readme.slice(0, readme.indexOf(START) + START.length)}\n${expectedTable()}\n${readme.slice(readme.indexOf(END))}`);
}
