import { asList, parseJson } from "./helpers";
import type { Props } from "./types";

/**
 * The statements of an IAM policy document, given as JSON text or already
 * parsed; none when there is no document, as in the empty inline policy
 * (`inlinePolicies: [{}]`) the provider documents for removing a role's
 * inline policies.
 */
export function statementsOf(document: unknown): Props[] {
  return asList<Props>(parseJson(document)?.Statement);
}

/** How a finding names a statement: its `Sid`, which is optional in IAM. */
export function statementName(statement: Props): string {
  return statement.Sid ?? "(no Sid)";
}

/**
 * The principals of one kind (`AWS`, `Service`, `Federated`) a statement names.
 * `"Principal": "*"` counts as `{ "AWS": "*" }`: both name every principal (IAM
 * User Guide, AWS JSON policy elements: Principal, "All principals"), though
 * some services tell the two apart in resource policies (CDK's `StarPrincipal`).
 */
export function principalsOf(statement: Props, kind: string): string[] {
  const principal = statement.Principal;
  if (principal === "*") return kind === "AWS" ? ["*"] : [];
  if (!principal || typeof principal !== "object") return [];
  return asList<string>(principal[kind]);
}
