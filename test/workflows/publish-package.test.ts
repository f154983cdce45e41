import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";

/** publish-package.yml: the npm package published from a version tag (the schema check is in workflows.test.ts). */

const source = fs.readFileSync(path.join(PROJECT_ROOT, ".github", "workflows", "publish-package.yml"), "utf8");
const wf = parse(source);
const job = wf.jobs.publish;
const stepIndex = (match: (step: any) => boolean) => {
  const i = (job.steps as any[]).findIndex(match);
  if (i < 0) throw new Error("no such step in publish-package.yml");
  return i;
};
const runs = (command: string) => stepIndex((s) => (s.run ?? "").trim().startsWith(command));
const changelog = (version: string) => `# Changelog\n\n## [Unreleased]\n\n## [${version}] - 2026-11-27\n\n### Added\n\n- Everything.\n`;

/**
 * Runs the job's version check in bash as the runner would, with GITHUB_REF_NAME
 * `tag`, in a folder holding `manifest` as package.json and `log` as CHANGELOG.md.
 */
function versionCheck(tag: string, manifest: object, log: string): { status: number | null; stdout: string; output: string } {
  const step = job.steps[stepIndex((s) => s.id === "version")];
  const tmp = temporaryDirectory("publish-package");
  fs.writeFileSync(path.join(tmp, "package.json"), JSON.stringify(manifest));
  fs.writeFileSync(path.join(tmp, "CHANGELOG.md"), log);
  const output = path.join(tmp, "output");
  fs.writeFileSync(output, "");
  const result = spawnSync("bash", ["-e", "-c", step.run], { cwd: tmp, env: { ...process.env, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, output: fs.readFileSync(output, "utf8") };
}

describe("publish-package.yml", () => {
  test("runs on version tags, one release at a time, never cancelled midway", () => {
    expect(wf.on).toEqual({ push: { tags: ["v*.*.*"] } });
    expect(wf.concurrency).toEqual({ group: "npm-release", "cancel-in-progress": false });
  });

  test("checks the version, runs the tests (with moto, as pull requests do), typechecks, lints and builds before it publishes, in that order", () => {
    const moto = stepIndex((s) => /pip install 'moto\[server\]==5\.2\.1'/.test(s.run ?? ""));
    const order = [runs("npm ci"), stepIndex((s) => s.id === "version"), moto, runs("npm test"), runs("npm run typecheck"), runs("npm run lint"), runs("npm run build"), runs("npm publish")];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("publishes to the npm registry with provenance, signed with the job's OIDC token", () => {
    expect(job.steps[runs("npm publish")].run).toMatch(/^npm publish --provenance --access public --tag "\$DIST_TAG"/);
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    const setupNode = job.steps.find((s: any) => String(s.uses).startsWith("actions/setup-node@"));
    expect(setupNode.with["registry-url"]).toBe("https://registry.npmjs.org");
    // npm rejects a provenance statement whose repository is not package.json's repository.url.
    expect(runs("npm pkg set repository.type=git")).toBeLessThan(runs("npm publish"));
    expect(job.steps[runs("npm pkg set")].run).toContain("${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}");
  });

  test("names the npm token secret and uses no other", () => {
    expect(job.steps[runs("npm publish")].env.NODE_AUTH_TOKEN).toBe("${{ secrets.NPM_TOKEN }}");
    expect(source.match(/secrets\.[A-Z_]+/g)).toEqual(["secrets.NPM_TOKEN"]);
  });

  test("accepts the tag of package.json's version with a dated changelog section, and sends a prerelease to next", () => {
    expect(versionCheck("v1.2.0", { version: "1.2.0" }, changelog("1.2.0"))).toMatchObject({ status: 0, output: "dist-tag=latest\n" });
    expect(versionCheck("v1.3.0-rc.1", { version: "1.3.0-rc.1" }, changelog("1.3.0-rc.1"))).toMatchObject({ status: 0, output: "dist-tag=next\n" });
  });

  test.each([
    ["a tag that is not package.json's version", "v1.2.1", changelog("1.2.1"), "tag v1.2.1 is not v1.2.0, the version in package.json"],
    ["a version the changelog has no section for", "v1.2.0", changelog("1.1.0"), "CHANGELOG.md has no '## [1.2.0] - YYYY-MM-DD' section"],
    ["a version only under [Unreleased]", "v1.2.0", "# Changelog\n\n## [Unreleased]\n\n- 1.2.0 things\n", "CHANGELOG.md has no '## [1.2.0] - YYYY-MM-DD' section"],
    ["a section that matches the version only if its dots are wildcards", "v1.2.0", changelog("1x2x0"), "CHANGELOG.md has no '## [1.2.0] - YYYY-MM-DD' section"],
  ])("refuses %s, saying why", (_, tag, log, message) => {
    const result = versionCheck(tag, { version: "1.2.0" }, log);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error::${message}`);
    expect(result.output).toBe("");
  });

  test("the changelog it checks is in Keep a Changelog form: Unreleased first, then dated versions, changes under the six kinds", () => {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, "CHANGELOG.md"), "utf8");
    const sections = text.match(/^## .*$/gm) ?? [];
    expect(sections[0]).toBe("## [Unreleased]");
    const version = /^## \[\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?\] - \d{4}-\d{2}-\d{2}$/;
    expect(sections.slice(1).filter((h) => !version.test(h))).toEqual([]);
    const kinds = text.match(/^### .*$/gm) ?? [];
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.filter((h) => !["### Added", "### Changed", "### Deprecated", "### Removed", "### Fixed", "### Security"].includes(h))).toEqual([]);
  });
});
