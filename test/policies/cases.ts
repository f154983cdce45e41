import { TestResource, violationsOf } from "./resources";

/** A policy's compliant and violating test stacks, keyed by a phrase that completes "passes ..." / "flags ...". */
export interface PolicyCases {
  readonly policy: string;
  readonly compliant: Record<string, TestResource[]>;
  readonly violating: Record<string, TestResource[]>;
}

export function describePolicyCases(table: readonly PolicyCases[]): void {
  for (const { policy, compliant, violating } of table) {
    describe(policy, () => {
      for (const [phrase, resources] of Object.entries(compliant)) {
        it(`passes ${phrase}`, async () => {
          expect(await violationsOf(policy, resources)).toEqual([]);
        });
      }
      for (const [phrase, resources] of Object.entries(violating)) {
        it(`flags ${phrase}`, async () => {
          const found = await violationsOf(policy, resources);
          expect(found.length).toBeGreaterThan(0);
          for (const v of found) expect(v.urn).toBeDefined();
        });
      }
    });
  }
}
