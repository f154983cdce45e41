import { validateWorkflow } from "@action-validator/core";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { packFolders } from "../../scripts/preview/policies";
import { PROJECT_ROOT } from "../harness/stack-config";

const DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const STACKS = ["dev", "staging", "prod"];
const PACKS = ["policies/security", "policies/compliance"];

const source = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const load = (file: string) => parse(source(file));
const stepsUsing = (job: any, action: string) => (job.steps as any[]).filter((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
const runScript = (job: any) => (job.steps as any[]).map((s) => s.run ?? "").join("\n");
const packLines = (value: string) => value.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * Runs a job's "Policy pack config for the stack" step in bash, as the runner
 * would, and returns the multi-line `files` output it writes.
 */
function packConfigFiles(job: any, stack: string): string[] {
  const step = job.steps.find((s: any) => s.id === "pack-config");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runner-"));
  const output = path.join(tmp, "output");
  fs.writeFileSync(output, "");
  const result = spawnSync("bash", ["-e", "-c", step.run], {
    cwd: PROJECT_ROOT,
    // The step's own env, with the matrix expanded the way the runner would.
    env: { ...process.env, STACK: String(step.env.STACK).replace("${{ matrix.stack }}", stack), RUNNER_TEMP: tmp, GITHUB_OUTPUT: output },
    encoding: "utf8",
  });
  expect(result.status).toBe(0);
  const match = fs.readFileSync(output, "utf8").match(/^files<<EOF\n([\s\S]*?)\nEOF\n$/);
  expect(match).not.toBeNull();
  return match![1].split("\n");
}

/** Checks what a job hands to `policyPackConfigs` for `stack`: one readable JSON file per pack, in order. */
function expectPackConfigs(job: any, stack: string): void {
  const [pulumi] = stepsUsing(job, "pulumi/actions");
  expect(pulumi.with.policyPackConfigs).toBe("${{ steps.pack-config.outputs.files }}");
  const files = packConfigFiles(job, stack);
  expect(files).toHaveLength(PACKS.length);
  PACKS.forEach((pack, i) => {
    const shipped = path.join(pack, "config", `${stack}.json`);
    if (fs.existsSync(path.join(PROJECT_ROOT, shipped))) expect(files[i]).toBe(shipped);
    else expect(JSON.parse(fs.readFileSync(files[i], "utf8"))).toEqual({});
  });
  expect(job.steps.findIndex((s: any) => s.id === "pack-config")).toBeLessThan(job.steps.indexOf(pulumi));
}

describe("GitHub Actions workflows", () => {
  const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

  test("the four workflows exist", () => {
    expect(files.sort()).toEqual(["deploy.yml", "policy-publish.yml", "pull-request.yml", "release.yml"]);
  });

  test.each(["deploy.yml", "policy-publish.yml", "pull-request.yml", "release.yml"])("%s passes the GitHub Actions workflow schema", (file) => {
    expect(validateWorkflow(source(file)).errors).toEqual([]);
  });

  test("the validator rejects a workflow with a job that has an unknown key", () => {
    const broken = load("pull-request.yml");
    broken.jobs.checks["runs-onn"] = "ubuntu-latest";
    expect(validateWorkflow(stringify(broken)).errors.length).toBeGreaterThan(0);
  });

  test("every pack under policies/ is one the workflows pass", () => {
    for (const folder of packFolders()) expect(PACKS).toContain(`policies/${folder}`);
  });

  describe("pull-request.yml", () => {
    const wf = load("pull-request.yml");

    test("runs on pull requests and installs, tests, typechecks, lints and previews all stacks offline without secrets", () => {
      expect(Object.keys(wf.on)).toEqual(["pull_request"]);
      const checks = wf.jobs.checks;
      const script = runScript(checks);
      for (const command of ["npm ci", "npm test", "npm run typecheck", "npm run lint", "preview -- --check-readme"]) expect(script).toContain(command);
      expect(script).toMatch(/for stack in dev staging prod; do[\s\S]*preview -- --stack "\$stack"/);
      expect(JSON.stringify(checks)).not.toContain("secrets.");
    });

    test("previews each stack in the cloud with pulumi/actions@v7, commenting on the PR with both policy packs", () => {
      const job = wf.jobs["cloud-preview"];
      expect(job.strategy.matrix.stack).toEqual(STACKS);
      const [pulumi] = stepsUsing(job, "pulumi/actions");
      expect(pulumi.uses).toBe("pulumi/actions@v7");
      expect(pulumi.with.command).toBe("preview");
      expect(pulumi.with["comment-on-pr"]).toBe(true);
      expect(pulumi.with["stack-name"]).toContain("matrix.stack");
      expect(packLines(pulumi.with.policyPacks)).toEqual(PACKS);
      expect(pulumi.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
      expect(job.permissions["pull-requests"]).toBe("write");
    });

    test.each(STACKS)("hands the %s stack's pack config files to the action, one per pack in pack order", (stack) => {
      expectPackConfigs(wf.jobs["cloud-preview"], stack);
    });

    test("gets AWS credentials through OIDC, not stored keys", () => {
      const job = wf.jobs["cloud-preview"];
      expect(job.permissions["id-token"]).toBe("write");
      const [aws] = stepsUsing(job, "aws-actions/configure-aws-credentials");
      expect(aws.with["role-to-assume"]).toBeDefined();
      expect(aws.with["aws-access-key-id"]).toBeUndefined();
      expect(JSON.stringify(wf)).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
    });

    test("skips the cloud preview cleanly when the secrets are absent, as in a fork's PR", () => {
      const job = wf.jobs["cloud-preview"];
      expect(job.needs).toEqual(expect.arrayContaining(["checks", "secrets"]));
      expect(job.if).toBe("needs.secrets.outputs.available == 'true'");
      const check = wf.jobs.secrets;
      expect(check.outputs.available).toBe("${{ steps.check.outputs.available }}");
      const step = check.steps.find((s: any) => s.id === "check");
      expect(step.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
      expect(step.run).toContain('echo "available=false"');
      expect(step.run).not.toMatch(/exit 1/);
    });

    test("cancels superseded runs of the same PR, in groups no deployment uses", () => {
      expect(wf.concurrency.group).toContain("github.event.pull_request.number");
      expect(wf.concurrency["cancel-in-progress"]).toBe(true);
      const group: string = wf.jobs["cloud-preview"].concurrency.group;
      expect(group).toContain("matrix.stack");
      expect(group).not.toMatch(/^pulumi-stack-/);
    });
  });

  describe("deploy.yml", () => {
    const wf = load("deploy.yml");

    test("runs on pushes to main", () => {
      expect(wf.on.push.branches).toEqual(["main"]);
    });

    test("updates dev, then staging, then prod, each after the previous one succeeded", () => {
      expect(wf.jobs.dev.needs).toBe("checks");
      expect(wf.jobs.staging.needs).toBe("dev");
      expect(wf.jobs.prod.needs).toBe("staging");
    });

    test.each(STACKS)("the %s job runs pulumi up on its own stack with both policy packs and OIDC credentials", (stack) => {
      const job = wf.jobs[stack];
      const [pulumi] = stepsUsing(job, "pulumi/actions");
      expect(pulumi.uses).toBe("pulumi/actions@v7");
      expect(pulumi.with.command).toBe("up");
      expect(pulumi.with["stack-name"]).toContain(`'${stack}'`);
      expect(packLines(pulumi.with.policyPacks)).toEqual(PACKS);
      expect(pulumi.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
      expect(job.permissions["id-token"]).toBe("write");
      expect(stepsUsing(job, "aws-actions/configure-aws-credentials")).toHaveLength(1);
      const install = job.steps.findIndex((s: any) => /npm (ci|install) --prefix "\$pack"/.test(s.run ?? ""));
      expect(install).toBeGreaterThanOrEqual(0);
      expect(install).toBeLessThan(job.steps.indexOf(pulumi));
    });

    test.each(STACKS)("the %s job hands its stack's pack config files to the action, one per pack in pack order", (stack) => {
      expectPackConfigs(wf.jobs[stack], stack);
    });

    test("prod waits in the production environment; dev and staging do not", () => {
      expect(wf.jobs.prod.environment).toBe("production");
      expect(wf.jobs.dev.environment).not.toBe("production");
      expect(wf.jobs.staging.environment).not.toBe("production");
    });

    test("two updates of the same stack never run at once, and none is cancelled midway", () => {
      expect(wf.concurrency["cancel-in-progress"]).toBe(false);
      const groups = STACKS.map((stack) => wf.jobs[stack].concurrency);
      expect(new Set(groups.map((g) => g.group)).size).toBe(3);
      for (const [i, stack] of STACKS.entries()) {
        expect(groups[i].group).toBe(`pulumi-stack-${stack}`);
        expect(groups[i]["cancel-in-progress"]).toBe(false);
      }
    });
  });

  describe("policy-publish.yml", () => {
    const wf = load("policy-publish.yml");

    test("runs on version tags", () => {
      expect(wf.on.push.tags).toEqual(["v*.*.*"]);
    });

    test("publishes each pack after installing that pack's dependencies", () => {
      const job = wf.jobs.publish;
      expect(job.strategy.matrix.pack).toEqual(PACKS.map((p) => p.replace("policies/", "")));
      const steps: any[] = job.steps;
      const install = steps.findIndex((s) => s.name === "Install the pack's dependencies");
      const publish = steps.findIndex((s) => /pulumi policy publish/.test(s.run ?? ""));
      expect(install).toBeGreaterThanOrEqual(0);
      expect(publish).toBeGreaterThan(install);
      expect(steps[install]["working-directory"]).toBe("policies/${{ matrix.pack }}");
      expect(steps[publish]["working-directory"]).toBe("policies/${{ matrix.pack }}");
      expect(steps[publish].env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
    });

    test("never publishes twice at once", () => {
      expect(wf.concurrency).toEqual({ group: "policy-publish", "cancel-in-progress": false });
    });
  });
});
