import * as fs from "fs";
import * as path from "path";
import { availableStacks } from "../../scripts/preview/args";
import { RELEASE_STRATEGIES } from "../../stacks/config/traffic-release";
import { load, runStep, stepNamed, stepsUsing } from "./helpers";

const wf = load("release.yml");
const job = wf.jobs.release;
const deploy = load("deploy.yml");
const deployStack = load("deploy-stack.yml");
const STACKS = ["dev", "staging", "prod", "prod-dr"];
const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2";

/** `${{ inputs.stack }}` and `${{ (inputs.stack == 'prod' || inputs.stack == 'prod-dr') && 'production' || inputs.stack }}` for one stack, as GitHub evaluates them. */
function evaluateForStack(expression: string, stack: string): string {
  const mapped = /^\$\{\{ \(?((?:inputs\.stack == '[\w-]+'(?: \|\| )?)+)\)? && '([\w-]+)' \|\| inputs\.stack \}\}$/.exec(expression);
  if (mapped) return [...mapped[1].matchAll(/'([\w-]+)'/g)].some((m) => m[1] === stack) ? mapped[2] : stack;
  expect(expression).toContain("${{ inputs.stack }}");
  return expression.replace(/\$\{\{ inputs\.stack \}\}/g, stack);
}

/** A stand-in `npm` that records its arguments and exits with $NPM_EXIT, printing a line as the release would. */
const FAKE_NPM = `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "$RUNNER_TEMP/npm-args"\necho "2026-11-23T15:00:00.000Z Release plan: ..."\nexit "\${NPM_EXIT:-0}"\n`;
const FAKE_PULUMI = `#!/usr/bin/env bash\necho "$*" >> "$RUNNER_TEMP/pulumi-calls"\n`;

function runRelease(inputs: { strategy?: string; dryRun?: boolean; image?: string; org?: string; exit?: number }) {
  const run = runStep(stepNamed(job, "release"), {
    env: { STACK: "prod", IMAGE: inputs.image ?? IMAGE, STRATEGY: inputs.strategy ?? "configured", DRY_RUN: String(inputs.dryRun ?? false), PULUMI_ORG: inputs.org ?? "", NPM_EXIT: String(inputs.exit ?? 0) },
    commands: { npm: FAKE_NPM, pulumi: FAKE_PULUMI },
  });
  const read = (name: string) => (fs.existsSync(path.join(run.runnerTemp, name)) ? fs.readFileSync(path.join(run.runnerTemp, name), "utf8") : "");
  return { ...run, npmArgs: read("npm-args").trim().split("\n"), pulumiCalls: read("pulumi-calls").trim(), log: read("release.log") };
}

describe("release.yml", () => {
  test("is started by hand with the stack, the image, the strategy and a dry-run switch", () => {
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    const inputs = wf.on.workflow_dispatch.inputs;
    expect(inputs.stack).toMatchObject({ type: "choice", required: true });
    expect(inputs.stack.options).toEqual(availableStacks());
    expect(inputs.image).toMatchObject({ type: "string", required: true });
    expect(inputs.strategy.options).toEqual(["configured", ...RELEASE_STRATEGIES]);
    expect(inputs.strategy.default).toBe("configured");
    expect(inputs.dry_run).toMatchObject({ type: "boolean", default: false });
  });

  test.each(STACKS)("a release to %s holds the concurrency group of that stack's deployment, never cancelled in progress", (stack) => {
    expect(job.concurrency["cancel-in-progress"]).toBe(false);
    const deployed = evaluateForStack(deployStack.jobs.up.concurrency.group, deploy.jobs[stack].with.stack);
    expect(evaluateForStack(job.concurrency.group, stack)).toBe(deployed);
    expect(deployed).toBe(`pulumi-stack-${stack}`);
  });

  test.each(STACKS)("a release to %s runs in the GitHub environment that stack deploys in", (stack) => {
    expect(evaluateForStack(job.environment, stack)).toBe(deploy.jobs[stack].with.environment);
  });

  test("gets AWS credentials through OIDC from the environment's role, and installs the Pulumi CLI and the packs' dependencies first", () => {
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    const [aws] = stepsUsing(job, "aws-actions/configure-aws-credentials");
    expect(aws.with["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    expect(aws.with["aws-access-key-id"]).toBeUndefined();
    const [pulumi] = stepsUsing(job, "pulumi/actions");
    expect(pulumi.uses).toBe("pulumi/actions@v7");
    // Without a command the action only installs the CLI (pulumi/actions README, "Installation Only").
    expect(pulumi.with?.command).toBeUndefined();
    const packs = job.steps.find((s: any) => /npm (ci|install) --prefix "\$pack"/.test(s.run ?? ""));
    const release = job.steps.indexOf(stepNamed(job, "release"));
    for (const step of [aws, pulumi, packs]) expect(job.steps.indexOf(step)).toBeLessThan(release);
    expect(stepNamed(job, "release").env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
  });

  test("takes the inputs as environment variables only, never spliced into the script", () => {
    const step = stepNamed(job, "release");
    expect(step.run).not.toContain("${{");
    expect(step.env).toMatchObject({ STACK: "${{ inputs.stack }}", IMAGE: "${{ inputs.image }}", STRATEGY: "${{ inputs.strategy }}", DRY_RUN: "${{ inputs.dry_run }}" });
  });

  test.each([
    [{}, []],
    [{ strategy: "canary" }, ["--strategy", "canary"]],
    [{ strategy: "linear", dryRun: true }, ["--strategy", "linear", "--dry-run"]],
  ])("runs npm run release for the inputs %j", (inputs, extra) => {
    const run = runRelease(inputs);
    expect(run.status).toBe(0);
    expect(run.npmArgs).toEqual(["run", "--silent", "release", "--", "--stack", "prod", "--image", IMAGE, ...extra]);
    expect(run.outputs["exit-code"]).toBe("0");
    expect(run.log).toContain("Release plan");
  });

  test("ends with the release's exit code, recorded for the summary", () => {
    const run = runRelease({ exit: 3 });
    expect(run.status).toBe(3);
    expect(run.outputs["exit-code"]).toBe("3");
  });

  test("an image with shell syntax reaches the release as one argument, unexecuted", () => {
    const run = runRelease({ image: "app:1;touch pwned$(touch pwned2)" });
    expect(run.npmArgs).toContain("app:1;touch pwned$(touch pwned2)");
    expect(fs.readdirSync(run.cwd)).toEqual([]);
  });

  test("selects the stack in the configured Pulumi organisation, and leaves the default alone without one", () => {
    expect(runRelease({ org: "acme" }).pulumiCalls).toBe("org set-default acme");
    expect(runRelease({}).pulumiCalls).toBe("");
  });

  describe("the job summary", () => {
    const step = stepNamed(job, "Release log in the job summary");
    const summary = (code: string, log?: string) => runStep(step, { env: { STACK: "prod", IMAGE, CODE: code }, runnerTempFiles: log === undefined ? {} : { "release.log": log } });

    test("is written whatever the release's outcome", () => {
      expect(step.if).toBe("always()");
    });

    test.each([
      ["0", "✅ done"],
      ["1", "↩️ rolled back"],
      ["3", "⛔ refused, nothing changed"],
      ["4", "🆘 needs a person"],
    ])("exit %s reads %s, above the release's log", (code, outcome) => {
      const run = summary(code, "2026-11-23T15:00:00.000Z Refused: another update holds stack prod.\n");
      expect(run.status).toBe(0);
      expect(run.summary.split("\n")[0]).toBe(`### Release of \`${IMAGE}\` to prod: ${outcome} (exit ${code})`);
      expect(run.summary).toContain("```\n2026-11-23T15:00:00.000Z Refused: another update holds stack prod.\n```");
    });

    test("says so when the release never ran", () => {
      const run = summary("");
      expect(run.summary.split("\n")[0]).toBe(`### Release of \`${IMAGE}\` to prod: ❌ did not run`);
      expect(run.summary).toContain("The release wrote no log");
    });
  });
});
