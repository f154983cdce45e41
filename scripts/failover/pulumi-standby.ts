/**
 * {@link StandbyStack} over the release's Automation API adapter: the same
 * `LocalWorkspace` stack, config written as `pulumi config set --path` would,
 * and every `up` with both policy packs and the stack's pack config.
 */
import { FailoverStage } from "../../stacks/config/disaster-recovery";
import { PulumiStackOperations } from "../release/pulumi-stack";
import { StandbySnapshot, standbySnapshotFromOutputs, StandbyStack, STAGE_KEY } from "./standby";

export class PulumiStandbyStack implements StandbyStack {
  constructor(
    private readonly operations: PulumiStackOperations,
    /** The stack's `aws:region`. */
    readonly region: string,
  ) {}

  /** Selects the standby stack; fails as the release does without a stack, a CLI or installed packs. */
  static async select(stackName: string): Promise<PulumiStandbyStack> {
    const operations = await PulumiStackOperations.select(stackName);
    return new PulumiStandbyStack(operations, await operations.region());
  }

  get stackName(): string {
    return this.operations.stackName;
  }

  async read(): Promise<StandbySnapshot> {
    return standbySnapshotFromOutputs(this.stackName, this.region, await this.operations.outputs());
  }

  activeUpdate(): Promise<string | undefined> {
    return this.operations.activeUpdate();
  }

  advance(stage: FailoverStage, message: string, onOutput?: (line: string) => void): Promise<void> {
    return this.operations.update({ values: { [STAGE_KEY]: stage } }, message, onOutput);
  }
}
