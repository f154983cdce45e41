import { runProgram } from "../harness";
import { compareWithSnapshot, readSnapshot, SNAPSHOT_CASES } from "./urns";

describe("URN stability of stateful resources", () => {
  test.each(SNAPSHOT_CASES)("$stack on $platform keeps every stateful URN of its snapshot or aliases it", async ({ stack, platform, file }) => {
    const run = await runProgram({ stack, overrides: { "platform:compute": { platform } } });
    const { lost, unrecorded } = compareWithSnapshot(run, readSnapshot(file));
    expect({ lost, hint: "add `aliases` to the renamed resource; see README, URN snapshots" }).toEqual({ lost: [], hint: expect.any(String) });
    expect({ unrecorded, hint: "new stateful resources: run `npm run urns` and commit the snapshot" }).toEqual({ unrecorded: [], hint: expect.any(String) });
  });
});
