import { SSL_POLICIES } from "../../components/loadbalancer";
import { MODERN_SSL_POLICIES } from "../../policies/security/rules/alb";

describe("the security pack and the components agree", () => {
  test("every TLS policy the load balancer accepts is one the security pack allows", () => {
    expect(SSL_POLICIES.filter((policy) => !MODERN_SSL_POLICIES.includes(policy))).toEqual([]);
  });
});
