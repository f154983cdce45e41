import * as fs from "fs";
import * as path from "path";
import { expectPackConfigs, FAKE_GH, load, PACKS, packLines, runStep, source, stepNamed, stepsUsing } from "./helpers";

const STACKS = ["dev", "staging", "prod"];
const ENVIRONMENTS: Record<string, string> = { dev: "dev", staging: "staging", prod: "production" };
const SHA = "1111111111111111111111111111111111111111";
const NEWER = "2222222222222222222222222222222222222222";

const deploy = load("deploy.yml");
const stackWorkflow = load("deploy-stack.yml");
const up = stackWorkflow.jobs.up;
const CLOUD_STEPS = ["aws-actions/configure-aws-credentials", "pulumi/actions"];
const cloudSteps = (job: any) => (job.steps as any[]).filter((s) => CLOUD_STEPS.some((a) => String(s.uses ?? "").startsWith(`${a}@`)));

/** Runs a "still the head of main?" step with the GitHub API answering `head` for main (empty: the call fails). */
const headCheck = (step: any, head: string) => runStep(step, { env: { GITHUB_SHA: SHA, GITHUB_REPOSITORY: "acme/platform", STACK: "prod", FAKE_GH_HEAD: head }, commands: { gh: FAKE_GH } });

describe("deploy.yml", () => {
  test("runs on pushes to main and by hand", () => {
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(Object.keys(deploy.on)).toEqual(["push", "workflow_dispatch"]);
  });

  test("updates dev after the checks and the offline preview, then staging, then prod, each after the previous one succeeded", () => {
    expect(deploy.jobs.dev.needs).toEqual(["checks", "offline-preview"]);
    expect(deploy.jobs.staging.needs).toBe("dev");
    expect(deploy.jobs.prod.needs).toBe("staging");
    const checks = (deploy.jobs.checks.steps as any[]).map((s) => s.run ?? "").join("\n");
    for (const command of ["npm ci", "npm test", "npm run typecheck", "npm run lint"]) expect(checks).toContain(command);
  });

  test("updates prod's standby after prod, whose outputs it reads, in the production environment", () => {
    expect(deploy.jobs["prod-dr"]).toMatchObject({ needs: "prod", uses: "./.github/workflows/deploy-stack.yml", with: { stack: "prod-dr", environment: "production" } });
  });

  test.each(STACKS)("the %s stage runs deploy-stack.yml for its own stack, in its GitHub environment, with the Pulumi token and an OIDC token", (stack) => {
    const job = deploy.jobs[stack];
    expect(job.uses).toBe("./.github/workflows/deploy-stack.yml");
    expect(job.with).toEqual({ stack, environment: ENVIRONMENTS[stack] });
    expect(job.secrets).toEqual({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
    expect(job.permissions["id-token"]).toBe("write");
  });

  test("only prod waits in the production environment, whose reviewers approve it", () => {
    expect(up.environment).toBe("${{ inputs.environment }}");
    expect(STACKS.filter((stack) => deploy.jobs[stack].with.environment === "production")).toEqual(["prod"]);
  });

  test("holds no run-wide group, so a prod job waiting for approval never holds back a newer dev or staging deploy", () => {
    expect(deploy.concurrency).toBeUndefined();
    expect(stackWorkflow.concurrency).toBeUndefined();
    for (const [name, job] of Object.entries(deploy.jobs as Record<string, any>)) if (!job.uses) expect([name, job.concurrency]).toEqual([name, undefined]);
    expect(stackWorkflow.jobs.newest.concurrency).toBeUndefined();
  });

  test("each stack's update holds its own group, never cancelled in progress, separate from every other stack and from PR previews", () => {
    expect(up.concurrency["cancel-in-progress"]).toBe(false);
    const groups = STACKS.map((stack) => evaluateGroup(up.concurrency.group, deploy.jobs[stack].with));
    expect(groups).toEqual(["pulumi-stack-dev", "pulumi-stack-staging", "pulumi-stack-prod"]);
    const previewGroup: string = load("pull-request.yml").jobs["cloud-preview"].concurrency.group;
    for (const stack of STACKS) expect(previewGroup.replace("${{ matrix.stack }}", stack)).not.toBe(`pulumi-stack-${stack}`);
  });
});

/** A job-level `concurrency.group` with `${{ inputs.<name> }}` evaluated for a caller's `with`. */
function evaluateGroup(group: string, inputs: Record<string, string>): string {
  expect(group).toContain("${{ inputs.stack }}");
  return group.replace(/\$\{\{ inputs\.(\w+) \}\}/g, (_, name: string) => inputs[name]);
}

describe("deploy-stack.yml: a policy preview gates each up", () => {
  const [preview, update] = stepsUsing(up, "pulumi/actions");

  test("is a reusable workflow taking the stack, its GitHub environment and the Pulumi token", () => {
    const call = stackWorkflow.on.workflow_call;
    expect(Object.keys(stackWorkflow.on)).toEqual(["workflow_call"]);
    expect(call.inputs.stack).toMatchObject({ type: "string", required: true });
    expect(call.inputs.environment).toMatchObject({ type: "string", required: true });
    expect(call.secrets.PULUMI_ACCESS_TOKEN.required).toBe(true);
  });

  test("runs pulumi/actions twice: a preview, then the up, on the same stack", () => {
    expect(stepsUsing(up, "pulumi/actions")).toHaveLength(2);
    expect([preview.uses, preview.with.command]).toEqual(["pulumi/actions@v7", "preview"]);
    expect([update.uses, update.with.command]).toEqual(["pulumi/actions@v7", "up"]);
    expect(up.steps.indexOf(preview)).toBeLessThan(up.steps.indexOf(update));
    expect(preview.with["stack-name"]).toBe("${{ vars.PULUMI_ORG && format('{0}/{1}', vars.PULUMI_ORG, inputs.stack) || inputs.stack }}");
    expect(update.with["stack-name"]).toBe(preview.with["stack-name"]);
  });

  test("the preview and the up both run both packs with the stack's pack config files", () => {
    for (const step of [preview, update]) {
      expect(packLines(step.with.policyPacks)).toEqual(PACKS);
      expect(step.with.policyPackConfigs).toBe("${{ steps.pack-config.outputs.files }}");
      expect(step.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
    }
    const install = up.steps.findIndex((s: any) => /npm (ci|install) --prefix "\$pack"/.test(s.run ?? ""));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(up.steps.indexOf(preview));
  });

  test("a failed preview ends the job before the up: neither step continues on error and the up has no always()/failure() condition", () => {
    for (const step of [preview, update]) expect(step["continue-on-error"]).toBeUndefined();
    expect(up["continue-on-error"]).toBeUndefined();
    expect(update.if).toBe("steps.current.outputs.deploy == 'true'");
    expect(update.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
  });

  test.each(STACKS)("hands the %s stack's config files to both steps, one per pack in pack order", (stack) => {
    expect(stepNamed(up, "pack-config").env.STACK).toBe("${{ inputs.stack }}");
    expectPackConfigs(up, stack);
  });

  test("gets AWS credentials through OIDC from the environment's role, before the preview", () => {
    expect(up.permissions["id-token"]).toBe("write");
    const [aws] = stepsUsing(up, "aws-actions/configure-aws-credentials");
    expect(aws.with["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    expect(up.steps.indexOf(aws)).toBeLessThan(up.steps.indexOf(preview));
  });

  test("its comments say what the engine really does with policies during an up", () => {
    // The header comment, its lines joined.
    const text = source("deploy-stack.yml").replace(/\n#\s*/g, " ");
    expect(text).toContain("--skip-preview");
    expect(text).toMatch(/stops the update part-way/);
    expect(text).toMatch(/after every step has run/);
    expect(source("deploy.yml")).not.toMatch(/before any resource changes/);
  });
});

describe("deploy-stack.yml: an older commit never deploys over a newer one", () => {
  const before = stackWorkflow.jobs.newest;
  const beforeStep = stepNamed(before, "head");
  const holding = stepNamed(up, "current");

  test("checks before joining the stack's group and again holding it, with the same script", () => {
    expect(up.needs).toBe("newest");
    expect(up.if).toBe("needs.newest.outputs.deploy == 'true'");
    expect(before.outputs.deploy).toBe("${{ steps.head.outputs.deploy }}");
    expect(holding.run).toBe(beforeStep.run);
    for (const step of cloudSteps(up)) {
      expect(step.if).toBe("steps.current.outputs.deploy == 'true'");
      expect(up.steps.indexOf(step)).toBeGreaterThan(up.steps.indexOf(holding));
    }
    expect(cloudSteps(up)).toHaveLength(3);
  });

  test("goes on when the run's commit is the head of main", () => {
    const run = headCheck(beforeStep, SHA);
    expect(run.status).toBe(0);
    expect(run.outputs.deploy).toBe("true");
  });

  test("skips, with a notice naming both commits, when main has moved on", () => {
    const run = headCheck(holding, NEWER);
    expect(run.status).toBe(0);
    expect(run.outputs.deploy).toBe("false");
    expect(run.stdout).toContain(`::notice::${SHA} is no longer the head of main (${NEWER}): prod is left to the run of the newer commit.`);
  });

  test("fails rather than deploy when it cannot read the head of main", () => {
    const run = headCheck(beforeStep, "");
    expect(run.status).not.toBe(0);
    expect(run.outputs.deploy).toBeUndefined();
  });
});

describe("deploy-stack.yml: the deploy's outcome reaches the stack's info topic", () => {
  const step = stepNamed(up, "Deploy outcome to the info topic");
  const TOPIC = "arn:aws:sns:eu-west-1:123456789012:monitoring-info-1a2b3c4";
  /** `pulumi stack output alarmTopicArns --json` answering `outputs` (exit 1 when empty); `aws` recording its arguments and exiting $AWS_EXIT. */
  const fakes = (outputs: string) => ({
    pulumi: `#!/usr/bin/env bash\necho "$*" >> "$RUNNER_TEMP/pulumi-calls"\n[ -n '${outputs}' ] || { echo "error: no output" >&2; exit 1; }\necho '${outputs}'\n`,
    aws: `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "$RUNNER_TEMP/aws-args"\nexit "\${AWS_EXIT:-0}"\n`,
  });
  const notify = (outputs: string, options: { awsExit?: number } = {}) => {
    const env = { STACK: "prod", STACK_REF: "acme/prod", OUTCOME: "failure", RUN_URL: "https://github.com/acme/platform/actions/runs/42", GITHUB_SHA: SHA, AWS_EXIT: String(options.awsExit ?? 0) };
    const run = runStep(step, { env, commands: fakes(outputs) });
    const read = (name: string) => (fs.existsSync(path.join(run.runnerTemp, name)) ? fs.readFileSync(path.join(run.runnerTemp, name), "utf8").trim() : undefined);
    return { ...run, pulumiCalls: read("pulumi-calls"), awsArgs: read("aws-args")?.split("\n") };
  };

  test("runs after the up whatever its outcome, once the job holds the stack, with the job's status", () => {
    expect(step.if).toBe("always() && steps.current.outputs.deploy == 'true'");
    expect(up.steps.indexOf(step)).toBe(up.steps.length - 1);
    expect(step.env.OUTCOME).toBe("${{ job.status }}");
    expect(step.env.STACK_REF).toBe(stepsUsing(up, "pulumi/actions")[1].with["stack-name"]);
  });

  test("publishes the outcome, the commit and the run's link to the info topic from the stack's outputs", () => {
    const run = notify(JSON.stringify({ critical: "arn:critical", warning: "arn:warning", info: TOPIC }));
    expect(run.status).toBe(0);
    expect(run.pulumiCalls).toBe("stack output alarmTopicArns --json --stack acme/prod");
    // Quiet when published: a warning here says which branch of the step was taken instead.
    expect({ stdout: run.stdout, stderr: run.stderr }).toEqual({ stdout: "", stderr: "" });
    expect(run.awsArgs).toEqual([
      "sns",
      "publish",
      "--topic-arn",
      TOPIC,
      "--subject",
      "Deploy to prod: failure",
      "--message",
      `Deploy of ${SHA} to prod: failure. https://github.com/acme/platform/actions/runs/42`,
    ]);
  });

  test.each([
    ["a stack without the output", "", {}, /has no alarmTopicArns\.info output/],
    ["a failed publish", JSON.stringify({ info: TOPIC }), { awsExit: 254 }, /publishing the outcome of prod's deploy to arn:aws:sns:eu-west-1:123456789012:monitoring-info-1a2b3c4 failed/],
  ])("only warns for %s, never failing the job", (_, outputs, options, warning) => {
    const run = notify(outputs, options);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`::warning::.*${warning.source}`));
  });
});
