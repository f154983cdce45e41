/** The values the release's parts exchange (`scripts/release/types.ts`). */
import {
  formatWeights,
  healthAlarmOf,
  HealthReadError,
  isPermanent,
  messageOf,
  otherColour,
  parseReleaseMessage,
  releaseMessage,
  StackBusyError,
  systemClock,
  weightsFor,
} from "../../scripts/release/types";

describe("release step messages in the stack history", () => {
  test("name the image and the colour it moves to", () => {
    const message = releaseMessage("registry/app:1.1.0", "green", "30%");
    expect(message).toBe("release registry/app:1.1.0 → green: 30%");
    expect(parseReleaseMessage(message)).toEqual({ image: "registry/app:1.1.0", to: "green" });
    expect(parseReleaseMessage(releaseMessage("registry/app@sha256:abc", "blue", "deploy"))).toEqual({ image: "registry/app@sha256:abc", to: "blue" });
  });

  test.each([undefined, "", "pulumi up by hand", "release: roll back to blue", "re-run release app:1 → green: 10%", "release app:1 → red: 10%", "release app:1 → green 10%"])(
    "%j names no release",
    (message) => {
      expect(parseReleaseMessage(message)).toBeUndefined();
    },
  );
});

describe("colours and weights", () => {
  test("the other colour, and a colour's share as the weights of both", () => {
    expect([otherColour("blue"), otherColour("green")]).toEqual(["green", "blue"]);
    expect(weightsFor("green", 30)).toEqual({ blue: 70, green: 30 });
    expect(weightsFor("blue", 30)).toEqual({ blue: 30, green: 70 });
    expect(formatWeights({ blue: 90, green: 10 })).toBe("blue 90 / green 10");
  });

  test("a release to a colour watches that colour's alarm where the stack has one, the composite otherwise", () => {
    const alarms = { alarmName: "deployment-health", alarmNames: { blue: "deployment-health-blue", green: "deployment-health-green" } };
    expect(healthAlarmOf(alarms, "green")).toBe("deployment-health-green");
    expect(healthAlarmOf({ alarmName: "deployment-health" }, "green")).toBe("deployment-health");
  });
});

describe("errors", () => {
  test("only a health read that retrying cannot fix is permanent", () => {
    expect(isPermanent(new HealthReadError("not found", false))).toBe(true);
    expect(isPermanent(new HealthReadError("throttled", true))).toBe(false);
    expect(isPermanent(new Error("not found"))).toBe(false);
  });

  test("each names itself, as Node prints it", () => {
    expect(new HealthReadError("x", true).name).toBe("HealthReadError");
    expect(new StackBusyError("x").name).toBe("StackBusyError");
  });

  test("an error's message is its first line that is not blank, trimmed; anything else as a string", () => {
    expect(messageOf(new Error("\n  \n  first line  \nsecond"))).toBe("first line");
    expect(messageOf("plain")).toBe("plain");
    expect(messageOf(new Error(" \n "))).toBe(" \n ");
  });
});

describe("the system clock", () => {
  test("sleeps for the time asked, on Node's timers", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-27T12:00:00Z") });
    try {
      expect(systemClock.now()).toEqual(new Date("2026-11-27T12:00:00Z"));
      let woke = false;
      const sleeping = systemClock.sleep(5_000).then(() => (woke = true));
      await jest.advanceTimersByTimeAsync(4_999);
      expect(woke).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await sleeping;
      expect(woke).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
