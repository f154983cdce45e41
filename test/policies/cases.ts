import { TestResource, violationsOf } from "./resources";

/** A policy's compliant and violating test stacks, keyed by a phrase that completes "passes ..." / "flags ...". */
export interface PolicyCases {
  readonly policy: string;
  readonly compliant: Record<string, TestResource[]>;
  readonly violating: Record<string, TestResource[]>;
}

/**
 * What a violation found, beyond the policy's description: @pulumi/policy appends the text a policy
 * reports to the description after a newline, and reports an empty text as the description alone
 * (makeReportViolationFun in @pulumi/policy/server.js), which tells a user nothing about the resource.
 */
export const findingOf = (message: string): string => message.split("\n").slice(1).join("\n");
/** A finding is a sentence or more: what is wrong with the resource, and what to set instead. */
const isSentence = (text: string): boolean => /^\S[\s\S]*\.$/.test(text) && text.split(/\s+/).length >= 4;

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
          for (const v of found) {
            expect(v.urn).toBeDefined();
            const finding = findingOf(v.message);
            expect({ finding, isSentence: isSentence(finding) }).toEqual({ finding, isSentence: true });
          }
        });
      }
    });
  }
}
