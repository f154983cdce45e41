import { validateWorkflow } from "@action-validator/core";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { plan } from "../../scripts/mutation";
import { MUTATION_FOLDERS } from "../../scripts/mutation/score";
import { availableStacks } from "../../scripts/preview/args";
import { packFolders } from "../../scripts/preview/policies";
import { PROJECT_ROOT } from "../harness/stack-config";
import { temporaryDirectory } from "../harness/temporary-directory";
import { expectPackConfigs, FAKE_GH, load, PACKS, packLines, runStep, source, stepNamed, stepsUsing, WORKFLOWS } from "./helpers";

const STACKS = ["dev", "staging", "prod"];
const FILES = ["deploy-stack.yml", "deploy.yml", "mutation.yml", "offline-preview.yml", "policy-publish.yml", "publish-package.yml", "pull-request.yml", "release.yml"];

describe("GitHub Actions workflows", () => {
  test("the workflows are these eight", () => {
    expect(fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort()).toEqual(FILES);
  });

  test.each(FILES)("%s passes the GitHub Actions workflow schema", (file) => {
    expect(validateWorkflow(source(file)).errors).toEqual([]);
  });

  test("the validator rejects a workflow with a job that has an unknown key", () => {
    const broken = load("pull-request.yml");
    broken.jobs.checks["runs-onn"] = "ubuntu-latest";
    expect(validateWorkflow(stringify(broken)).errors.length).toBeGreaterThan(0);
  });

  test.each(["pull-request.yml", "deploy.yml"])("%s installs moto 5.2.1 before npm test, so the AWS emulator tests run in CI, none skipped", (file) => {
    const job = load(file).jobs.checks;
    const steps: any[] = job.steps;
    const python = steps.findIndex((s) => typeof s.uses === "string" && s.uses.startsWith("actions/setup-python@"));
    const moto = steps.findIndex((s) => /pip install 'moto\[server\]==5\.2\.1'/.test(s.run ?? ""));
    const test = steps.findIndex((s) => s.run === "npm test");
    expect(python).toBeGreaterThanOrEqual(0);
    expect(moto).toBeGreaterThan(python);
    expect(test).toBeGreaterThan(moto);
  });

  test("every pack under policies/ is one the workflows pass", () => {
    for (const folder of packFolders()) expect(PACKS).toContain(`policies/${folder}`);
  });

  test("every job that calls a local workflow calls one that exists, gives its required inputs and secrets, and nothing it does not declare", () => {
    const calls = FILES.flatMap((file) => Object.entries(load(file).jobs as Record<string, any>).filter(([, job]) => typeof job.uses === "string" && job.uses.startsWith("./")));
    expect(calls.length).toBeGreaterThanOrEqual(5);
    for (const [, job] of calls) {
      const called = load(path.basename(job.uses));
      const declared = called.on.workflow_call ?? {};
      const inputs = Object.entries((declared.inputs ?? {}) as Record<string, any>);
      const secrets = Object.entries((declared.secrets ?? {}) as Record<string, any>);
      for (const [name, spec] of inputs) if (spec.required) expect(job.with).toHaveProperty(name);
      for (const [name, spec] of secrets) if (spec.required) expect(job.secrets).toHaveProperty(name);
      for (const name of Object.keys(job.with ?? {})) expect(inputs.map(([n]) => n)).toContain(name);
    }
  });

  describe("mutation testing (mutation.yml)", () => {
    const wf = load("mutation.yml");
    const { plan: planJob, shard, score } = wf.jobs;
    const index = (job: any, match: (s: any) => boolean) => (job.steps as any[]).findIndex(match);
    const mutationRun = (s: any) => /^npm run mutation\b/.test(s.run ?? "");
    const cacheStep = (job: any, action: string) => index(job, (s) => typeof s.uses === "string" && s.uses.startsWith(`actions/cache/${action}@`));

    test("runs weekly and on demand, never on pull requests or pushes, reading nothing but the code", () => {
      expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
      expect(wf.on.schedule).toHaveLength(1);
      // minute hour day-of-month month day-of-week: one fixed weekday.
      expect(wf.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
      expect(wf.permissions).toEqual({ contents: "read" });
    });

    test("plans the shards, runs each in a job of its own within GitHub's 6-hour limit, and scores after all of them, even when some failed", () => {
      expect(Object.keys(wf.jobs)).toEqual(["plan", "shard", "score"]);
      expect(shard.needs).toBe("plan");
      expect(shard.strategy).toEqual({ "fail-fast": false, matrix: { include: "${{ fromJSON(needs.plan.outputs.matrix) }}" } });
      expect(planJob.outputs.matrix).toBe("${{ steps.plan.outputs.matrix }}");
      expect(score.needs).toEqual(["plan", "shard"]);
      expect(score.if).toBe("always() && needs.plan.result == 'success'");
      for (const job of [planJob, shard, score]) expect(job["timeout-minutes"]).toBeLessThanOrEqual(360);
    });

    test.each([
      ["", Object.keys(MUTATION_FOLDERS)],
      ["policies scripts/release", ["policies", "scripts/release"]],
    ])("the plan step, run as the runner would with folders %p, outputs one matrix entry per shard", (folders, expected) => {
      const run = runStep(stepNamed(planJob, "plan"), { cwd: PROJECT_ROOT, env: { FOLDERS: folders } });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.outputs.matrix)).toEqual(plan(expected));
    });

    test("the plan step fails on an unknown folder and outputs no matrix", () => {
      const run = runStep(stepNamed(planJob, "plan"), { cwd: PROJECT_ROOT, env: { FOLDERS: "components nope" } });
      expect(run.status).not.toBe(0);
      expect(run.outputs).toEqual({});
      expect(run.stderr).toContain("unknown folder nope");
    });

    test("a shard runs its folder's shard after npm ci and moto, from the restored incremental results, and uploads its own whatever the outcome", () => {
      const [install, moto, restore, mutation] = [
        index(shard, (s) => s.run === "npm ci"),
        index(shard, (s) => /pip install 'moto\[server\]==5\.2\.1'/.test(s.run ?? "")),
        cacheStep(shard, "restore"),
        index(shard, mutationRun),
      ];
      const upload = index(shard, (s) => typeof s.uses === "string" && s.uses.startsWith("actions/upload-artifact@"));
      expect(install).toBeGreaterThanOrEqual(0);
      expect([install, moto, restore, mutation, upload]).toEqual([...[install, moto, restore, mutation, upload]].sort((a, b) => a - b));
      expect(new Set([install, moto, restore, mutation, upload]).size).toBe(5);
      const run = shard.steps[mutation];
      expect(run.run).toMatch(/^npm run mutation -- "\$FOLDER" --shard "\$SHARD"/);
      expect(run.env).toEqual({ FOLDER: "${{ matrix.folder }}", SHARD: "${{ matrix.shard }}" });
      // Its own file only: other shards' files restored from the cache would overwrite theirs in the merge.
      expect(shard.steps[upload]).toMatchObject({ if: "always()", with: { name: "mutation-shard-${{ strategy.job-index }}", path: "test/mutation/incremental/${{ matrix.file }}" } });
    });

    test("the score job merges the shards' files over the restored ones, saves the merged files and uploads the reports whatever the outcome", () => {
      const [restore, download, merge, save] = [
        cacheStep(score, "restore"),
        index(score, (s) => typeof s.uses === "string" && s.uses.startsWith("actions/download-artifact@")),
        index(score, mutationRun),
        cacheStep(score, "save"),
      ];
      const upload = index(score, (s) => typeof s.uses === "string" && s.uses.startsWith("actions/upload-artifact@"));
      expect(restore).toBeGreaterThanOrEqual(0);
      expect([restore, download, merge, save, upload]).toEqual([...[restore, download, merge, save, upload]].sort((a, b) => a - b));
      expect(new Set([restore, download, merge, save, upload]).size).toBe(5);
      expect(score.steps[download].with).toEqual({ pattern: "mutation-shard-*", "merge-multiple": true, path: "test/mutation/incremental/" });
      // A shard file the cache restored (from a merge that failed) would stand in for a shard that did not finish this time.
      const drop = index(score, (s) => s.name === "Drop shard files restored from the cache");
      expect(drop).toBeGreaterThan(restore);
      expect(drop).toBeLessThan(download);
      const workspace = temporaryDirectory("mutation-score");
      const incremental = path.join(workspace, "test", "mutation", "incremental");
      fs.mkdirSync(incremental, { recursive: true });
      for (const name of ["components.json", "components.shard-2-of-11.json", "policies.shard-1-of-2.json"]) fs.writeFileSync(path.join(incremental, name), "{}");
      expect(runStep(score.steps[drop], { cwd: workspace }).status).toBe(0);
      expect(fs.readdirSync(incremental)).toEqual(["components.json"]);
      expect(score.steps[merge].run).toMatch(/^npm run mutation -- \$FOLDERS --merge\b/);
      expect(score.steps[merge].shell).toBe("bash"); // pipefail: the tee does not hide a failed merge
      expect(score.steps[upload]).toMatchObject({ if: "always()", with: { path: "reports/mutation/" } });
      expect(score.steps[save]).toMatchObject({ if: "always()", with: { path: "test/mutation/incremental/" } });
    });

    test("every job restores the newest saved results by prefix, and the score job saves under a key of its own run", () => {
      const saved = score.steps[cacheStep(score, "save")].with;
      // A fixed key would be saved once and never again (cache entries are immutable).
      expect(saved.key).toContain("${{ github.run_id }}");
      for (const job of [shard, score]) {
        expect(job.steps[cacheStep(job, "restore")].with).toEqual({ path: "test/mutation/incremental/", key: saved.key, "restore-keys": "mutation-incremental-" });
      }
      expect(saved.key.startsWith("mutation-incremental-")).toBe(true);
      expect(cacheStep(shard, "save")).toBe(-1);
    });

    test("passes the dispatch input to the commands through the environment, never inlined into a script", () => {
      for (const job of [planJob, shard, score]) {
        for (const step of job.steps as any[]) if (step.run) expect(step.run).not.toContain("${{");
      }
      expect(stepNamed(planJob, "plan").env.FOLDERS).toBe("${{ inputs.folders }}");
      expect(score.steps[index(score, mutationRun)].env.FOLDERS).toBe("${{ inputs.folders }}");
    });
  });

  describe("the offline preview gate (offline-preview.yml)", () => {
    const wf = load("offline-preview.yml");
    const job = wf.jobs.preview;

    test("is a reusable workflow that previews every stack offline with both packs, and neither it nor its callers give it a secret", () => {
      expect(Object.keys(wf.on)).toEqual(["workflow_call"]);
      expect(job.env.STACKS.split(" ")).toEqual(availableStacks());
      const step = stepNamed(job, "Offline preview of every stack, with both policy packs");
      expect(step.run).toMatch(/for stack in \$STACKS; do[\s\S]*npm run --silent preview -- --stack "\$stack" [^\n]*--markdown "preview\/\$stack\.md"/);
      expect(step.run).not.toContain("--no-policies");
      expect(step["continue-on-error"]).toBeUndefined();
      expect(source("offline-preview.yml")).not.toContain("secrets.");
    });

    test("is required on pull requests (the cloud preview waits for it) and before the first deployment", () => {
      const pr = load("pull-request.yml");
      expect(pr.jobs["offline-preview"].uses).toBe("./.github/workflows/offline-preview.yml");
      expect(pr.jobs["offline-preview"].secrets).toBeUndefined();
      expect(pr.jobs["cloud-preview"].needs).toContain("offline-preview");
      const deploy = load("deploy.yml");
      expect(deploy.jobs["offline-preview"].uses).toBe("./.github/workflows/offline-preview.yml");
      expect(deploy.jobs.dev.needs).toEqual(expect.arrayContaining(["checks", "offline-preview"]));
    });

    test("previews every stack even after one fails, writes each stack's Markdown report, and then fails naming the stack", () => {
      const step = stepNamed(job, "Offline preview of every stack, with both policy packs");
      // npm stand-in: records its arguments and fails the staging preview with a mandatory violation (exit 1).
      const npm = `#!/usr/bin/env bash\necho "$*" >> calls\ncase "$*" in *"--stack staging"*) exit 1 ;; esac\necho "previewed"\n`;
      const run = runStep(step, { env: { STACKS: job.env.STACKS }, commands: { npm } });
      expect(run.status).not.toBe(0);
      expect(run.stdout).toMatch(/::error::the offline preview failed for: staging \(/);
      const calls = fs.readFileSync(path.join(run.cwd, "calls"), "utf8").trim().split("\n");
      expect(calls).toEqual(availableStacks().map((s) => `run --silent preview -- --stack ${s} --diagram preview/${s}.mmd --markdown preview/${s}.md --estimate preview/cost/${s}.json`));
      expect(fs.readFileSync(path.join(run.cwd, "preview", "prod.txt"), "utf8")).toBe("previewed\n");
    });

    test("puts every stack's report in the job summary even when the job failed, and says so for a stack that wrote none", () => {
      const step = stepNamed(job, "Policy report in the job summary");
      expect(step.if).toBe("always()");
      const cwd = temporaryDirectory("summary");
      fs.mkdirSync(path.join(cwd, "preview"));
      fs.writeFileSync(path.join(cwd, "preview", "dev.md"), "### ❌ dev: 1 mandatory policy violation\n| ❌ mandatory | `aws-x` |\n");
      fs.writeFileSync(path.join(cwd, "preview", "prod.md"), "### ✅ prod: no mandatory policy violations\n");
      const run = runStep(step, { cwd, env: { STACKS: job.env.STACKS, GITHUB_SHA: "abc123" } });
      expect(run.status).toBe(0);
      const sections = run.summary.split(/^(?=### )/m).slice(1);
      expect(sections.map((s) => s.split("\n")[0])).toEqual([
        "### ❌ dev: 1 mandatory policy violation",
        "### ⚠️ staging: no report",
        "### ✅ prod: no mandatory policy violations",
        "### ⚠️ prod-dr: no report",
      ]);
      expect(sections[0]).toContain("| ❌ mandatory | `aws-x` |");
      expect(fs.readFileSync(path.join(cwd, "preview", "report.md"), "utf8")).toBe(run.summary);
    });

    test("uploads the reports whatever the outcome, for the PR comment", () => {
      const [upload] = stepsUsing(job, "actions/upload-artifact");
      expect(upload.if).toBe("always()");
      expect(upload.with).toMatchObject({ name: "offline-preview", path: "preview/" });
      expect(job.steps.indexOf(upload)).toBeGreaterThan(job.steps.indexOf(stepNamed(job, "Policy report in the job summary")));
    });
  });

  describe("pull-request.yml", () => {
    const wf = load("pull-request.yml");

    test("runs on pull requests and installs, tests, typechecks, lints and checks the README diagrams without secrets", () => {
      expect(Object.keys(wf.on)).toEqual(["pull_request"]);
      const checks = wf.jobs.checks;
      const script = (checks.steps as any[]).map((s) => s.run ?? "").join("\n");
      for (const command of ["npm ci", "npm test", "npm run typecheck", "npm run lint", "preview -- --check-readme"]) expect(script).toContain(command);
      expect(JSON.stringify(checks)).not.toContain("secrets.");
    });

    test("previews each stack in the cloud with pulumi/actions@v7 and both policy packs", () => {
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

    test.each(STACKS)("hands the %s stack's pack config files to the cloud preview, one per pack in pack order", (stack) => {
      expectPackConfigs(wf.jobs["cloud-preview"], stack);
    });

    test("gets AWS credentials through OIDC, not stored keys", () => {
      const job = wf.jobs["cloud-preview"];
      expect(job.permissions["id-token"]).toBe("write");
      const [aws] = stepsUsing(job, "aws-actions/configure-aws-credentials");
      expect(aws.with["role-to-assume"]).toBeDefined();
      expect(aws.with["aws-access-key-id"]).toBeUndefined();
      for (const file of FILES) expect(source(file)).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
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

    describe("the policy and cost report comments", () => {
      const job = wf.jobs["pr-comments"];
      const step = stepNamed(job, "Post or update the report comments");
      const MARKER = "<!-- offline-preview-policy-report -->";
      const COST_MARKER = "<!-- offline-preview-cost-report -->";

      /** Runs the comment step against a stand-in for the GitHub API holding `comments`; returns the calls that wrote. */
      function comment(result: string, comments: object[], report = "## Offline preview: policy report\n\n### ❌ dev: 1 mandatory policy violation\n", costReport?: string) {
        const cwd = temporaryDirectory("policy-report");
        fs.mkdirSync(path.join(cwd, "preview"));
        fs.writeFileSync(path.join(cwd, "preview", "report.md"), report);
        if (costReport !== undefined) {
          fs.mkdirSync(path.join(cwd, "cost"));
          fs.writeFileSync(path.join(cwd, "cost", "report.md"), costReport);
        }
        fs.writeFileSync(path.join(cwd, "comments.json"), JSON.stringify(comments));
        const log = path.join(cwd, "gh.log");
        fs.writeFileSync(log, "");
        const env = { RESULT: result, PR: "42", GITHUB_REPOSITORY: "acme/platform", FAKE_GH_COMMENTS: path.join(cwd, "comments.json"), FAKE_GH_LOG: log };
        const run = runStep(step, { cwd, env, commands: { gh: FAKE_GH } });
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        const writes = fs.readFileSync(log, "utf8").split("--- end\n").filter(Boolean).map((entry) => {
          const [request, ...body] = entry.split("\n");
          return { request, body: body.join("\n") };
        });
        return { run, writes };
      }

      test("runs after the offline preview fails (not after a cancel), for PRs from this repository, and runs no code from the PR", () => {
        expect(job.needs).toEqual(["offline-preview", "cost-report"]);
        expect(job.if).toContain("!cancelled()");
        expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
        expect(job.permissions).toEqual({ "pull-requests": "write" });
        expect(stepsUsing(job, "actions/checkout")).toEqual([]);
        expect((job.steps as any[]).map((s) => s.run ?? "").join("\n")).not.toMatch(/\b(npm|npx|node|tsx)\b/);
        expect(step.env.RESULT).toBe("${{ needs.offline-preview.result }}");
      });

      test("posts the report when the preview failed and no report comment exists yet", () => {
        const { writes } = comment("failure", [{ id: 7, user: { login: "alice" }, body: "LGTM" }]);
        expect(writes.map((w) => w.request)).toEqual(["POST repos/acme/platform/issues/42/comments"]);
        expect(writes[0].body.split("\n")[0]).toBe(MARKER);
        expect(writes[0].body).toContain("❌ The offline preview failed (`failure`)");
        expect(writes[0].body).toContain("### ❌ dev: 1 mandatory policy violation");
      });

      test("edits its own earlier comment in place, also once the preview passes", () => {
        const comments = [
          { id: 5, user: { login: "alice" }, body: `${MARKER}\nquoted by a person` },
          { id: 9, user: { login: "github-actions[bot]" }, body: `${MARKER}\nold report` },
        ];
        const { writes } = comment("success", comments, "## Offline preview: policy report\n\n### ✅ dev: no mandatory policy violations\n");
        expect(writes.map((w) => w.request)).toEqual(["PATCH repos/acme/platform/issues/comments/9"]);
        expect(writes[0].body).toContain("✅ The offline preview passes on every stack.");
        expect(writes[0].body).toContain("### ✅ dev: no mandatory policy violations");
      });

      test("posts nothing on a passing PR that never had a report", () => {
        const { run, writes } = comment("success", []);
        expect(writes).toEqual([]);
        expect(run.stdout).toContain("No policy report comment exists and nothing calls for one: nothing to post");
      });

      test("posts the cost report when an estimate changed, beside the policy report, and edits it in place afterwards", () => {
        const changed = `${COST_MARKER}\n| prod | $900.00 | $1,000.00 | −$100.00 (−10.0%) |\n\n<!-- cost-changed -->\n`;
        const first = comment("success", [], undefined, changed);
        expect(first.writes.map((w) => w.request)).toEqual(["POST repos/acme/platform/issues/42/comments"]);
        expect(first.writes[0].body.split("\n")[0]).toBe(COST_MARKER);
        expect(first.writes[0].body).toContain("| prod | $900.00 | $1,000.00 | −$100.00 (−10.0%) |");
        const later = comment("success", [{ id: 11, user: { login: "github-actions[bot]" }, body: `${COST_MARKER}\nolder estimates` }], undefined, `${COST_MARKER}\nNo component's estimate changed.\n`);
        expect(later.writes.map((w) => w.request)).toEqual(["PATCH repos/acme/platform/issues/comments/11"]);
      });

      test("posts no cost comment when no estimate changed and none exists yet", () => {
        const { run, writes } = comment("success", [], undefined, `${COST_MARKER}\nNo component's estimate changed.\n`);
        expect(writes).toEqual([]);
        expect(run.stdout).toContain("No cost report comment exists and nothing calls for one: nothing to post");
      });

      test("cuts a report too long for a comment and points to the job summary", () => {
        const { writes } = comment("failure", [], `## Offline preview: policy report\n${"| row |\n".repeat(20_000)}`);
        expect(writes[0].body.length).toBeLessThan(65_536);
        expect(writes[0].body).toContain("the offline preview's job summary has the whole report");
      });
    });

    describe("the cost report", () => {
      const base = wf.jobs["base-estimates"];
      const report = wf.jobs["cost-report"];

      test("estimates the base branch from its own checkout, offline and without secrets, and compares it with the PR's estimates", () => {
        expect(stepsUsing(base, "actions/checkout")[0].with.ref).toBe("${{ github.event.pull_request.base.sha }}");
        expect(base.env.STACKS.split(" ")).toEqual(availableStacks());
        expect(JSON.stringify(base)).not.toContain("secrets.");
        expect(JSON.stringify(report)).not.toContain("secrets.");
        expect(report.needs).toEqual(["offline-preview", "base-estimates"]);
        expect(report.if).toContain("!cancelled()");
        expect(stepNamed(report, "Compare the estimates with the base branch").run).toContain("npm run --silent cost -- --compare base-cost preview/cost > cost/report.md");
        expect(stepsUsing(report, "actions/upload-artifact")[0].with).toMatchObject({ name: "cost-report", path: "cost/" });
      });

      test("writes each base stack's --json estimate, and drops the one whose estimate failed", () => {
        const cwd = temporaryDirectory("base-estimates");
        fs.writeFileSync(path.join(cwd, "package.json"), JSON.stringify({ scripts: { cost: "tsx scripts/cost.ts" } }));
        for (const stack of STACKS) fs.writeFileSync(path.join(cwd, `Pulumi.${stack}.yaml`), "config: {}\n");
        const npm = `#!/usr/bin/env bash\necho "$*" >> calls\ncase "$*" in *"--stack staging"*) echo partial; exit 2 ;; esac\necho '{"stack":"ok"}'\n`;
        const run = runStep(stepNamed(base, "Estimate every stack of the base branch"), { cwd, env: { STACKS: base.env.STACKS }, commands: { npm } });
        expect(run.status).toBe(0);
        expect(fs.readFileSync(path.join(cwd, "calls"), "utf8").trim().split("\n")).toEqual(STACKS.map((s) => `run --silent cost -- --stack ${s} --json`));
        expect(fs.readdirSync(path.join(cwd, "base-cost")).sort()).toEqual(["dev.json", "prod.json"]);
        expect(run.stdout).toContain("::warning::the base branch's staging estimate failed");
      });

      test("leaves no estimates, with a notice, for a base branch that predates npm run cost", () => {
        const cwd = temporaryDirectory("base-estimates");
        fs.writeFileSync(path.join(cwd, "package.json"), JSON.stringify({ scripts: { preview: "tsx scripts/preview.ts" } }));
        const run = runStep(stepNamed(base, "Estimate every stack of the base branch"), { cwd, env: { STACKS: base.env.STACKS }, commands: { npm: "#!/usr/bin/env bash\nexit 3\n" } });
        expect(run.status).toBe(0);
        expect(run.stdout).toContain("::notice::The base branch has no npm run cost");
        expect(fs.readdirSync(path.join(cwd, "base-cost"))).toEqual([]);
      });
    });

    test("cancels superseded runs of the same PR, in groups no deployment uses", () => {
      expect(wf.concurrency.group).toContain("github.event.pull_request.number");
      expect(wf.concurrency["cancel-in-progress"]).toBe(true);
      const group: string = wf.jobs["cloud-preview"].concurrency.group;
      expect(group).toContain("matrix.stack");
      expect(group).not.toMatch(/^pulumi-stack-/);
    });
  });
});
