import type { PolicyResource } from "@pulumi/policy";
import { ANYWHERE, Json, UNKNOWN, declaredValue, dependsOn, internetFacingAlbs, ofTypes, peek, stackPolicy } from "../kit";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

interface OpenIngress {
  readonly resource: PolicyResource;
  /** The security group the rule admits traffic into. */
  readonly group: PolicyResource | undefined;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: string;
}

/**
 * Ingress from 0.0.0.0/0 or ::/0 is allowed only on TCP 80 and 443 into a
 * security group that an internet-facing ALB uses. A stack policy, because
 * whether a group belongs to a load balancer is a relation between resources.
 */
export const ec2SecurityGroupDisallowPublicIngress = stackPolicy<{ allowedPorts: number[] }>({
  name: "aws-ec2-security-group-disallow-public-ingress",
  description: "No security group admits traffic from 0.0.0.0/0 or ::/0, except HTTP/HTTPS into an internet-facing load balancer's group (inline rules, SecurityGroupRule and vpc.SecurityGroupIngressRule alike).",
  pack: "security",
  service: "ec2",
  severity: "critical",
  frameworks: ["cis", "pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Admit peers by security group (`allowFromPeer` in components/internal/connections.ts) or by a specific CIDR; only the public ALB's group may take 80/443 from anywhere.",
  settings: {
    allowedPorts: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, description: "TCP ports a load balancer's security group may open to the world.", default: [80, 443] },
  },
  validate: ({ resources, settings, report, undecided }) => {
    const groups = ofTypes(resources, SECURITY_GROUP);
    const albGroups = new Set(internetFacingAlbs(resources, undecided).flatMap((lb) => groups.filter((g) => dependsOn(lb, g)).map((g) => g.urn)));
    for (const ingress of openIngress(resources, groups, undecided)) {
      const onePort = ingress.fromPort === ingress.toPort && settings.allowedPorts.includes(ingress.fromPort);
      const allowed = ingress.protocol === "tcp" && onePort && ingress.group !== undefined && albGroups.has(ingress.group.urn);
      if (allowed) continue;
      const ports = ingress.protocol === "-1" ? "all ports" : `${ingress.protocol} ${ingress.fromPort}-${ingress.toPort}`;
      const into = ingress.group ? `security group ${ingress.group.name}` : "its security group";
      report(`${ingress.resource.name} admits ${ports} from ${ingress.cidr} into ${into}. Only an internet-facing load balancer may take ${settings.allowedPorts.join("/")} from anywhere; admit peers by security group instead.`, ingress.resource.urn);
    }
  },
});

/**
 * Ingress from anywhere: a group's inline rules as the program declared them
 * (the provider reads back rules other resources add, which are judged as
 * those resources), `SecurityGroupRule`s and `SecurityGroupIngressRule`s. A
 * rule whose CIDRs are not known yet is passed to `undecided`.
 */
function openIngress(resources: readonly PolicyResource[], groups: PolicyResource[], undecided: (resource: PolicyResource, path: readonly string[]) => void): OpenIngress[] {
  const found: OpenIngress[] = [];
  const groupOf = (rule: PolicyResource) => groups.find((g) => dependsOn(rule, g));
  const anywhere = (resource: PolicyResource, path: readonly string[], owner: Json, keys: readonly string[]): string[] =>
    keys.flatMap((key) => {
      const value = peek(owner, key);
      if (value === UNKNOWN) {
        undecided(resource, [...path, key]);
        return [];
      }
      // One CIDR (`cidrIpv4`), a list (`cidrBlocks`) or unset.
      return [value].flat().filter((c: string) => ANYWHERE.includes(c));
    });
  for (const group of groups) {
    const inline = declaredValue(group, ["ingress"]);
    if (inline === UNKNOWN) {
      undecided(group, ["ingress"]);
      continue;
    }
    inline?.forEach((rule: Json, i: number) => {
      for (const cidr of anywhere(group, ["ingress", String(i)], rule, ["cidrBlocks", "ipv6CidrBlocks"])) {
        found.push({ resource: group, group, protocol: protocolOf(rule.protocol), fromPort: rule.fromPort ?? 0, toPort: rule.toPort ?? 65535, cidr });
      }
    });
  }
  for (const rule of ofTypes(resources, RULE).filter((r) => r.props.type === "ingress")) {
    for (const cidr of anywhere(rule, [], rule.props, ["cidrBlocks", "ipv6CidrBlocks"])) {
      found.push({ resource: rule, group: groupOf(rule), protocol: protocolOf(rule.props.protocol), fromPort: rule.props.fromPort ?? 0, toPort: rule.props.toPort ?? 65535, cidr });
    }
  }
  for (const rule of ofTypes(resources, INGRESS_RULE)) {
    for (const cidr of anywhere(rule, [], rule.props, ["cidrIpv4", "cidrIpv6"])) {
      found.push({ resource: rule, group: groupOf(rule), protocol: protocolOf(rule.props.ipProtocol), fromPort: rule.props.fromPort ?? 0, toPort: rule.props.toPort ?? 65535, cidr });
    }
  }
  return found;
}

/**
 * AWS accepts names or numbers; "-1" and "all" mean every protocol and port. No default to fill in: the args of
 * all three rule types in @pulumi/aws require one (`protocol` of an inline rule and of a `SecurityGroupRule`,
 * `ipProtocol` of a `SecurityGroupIngressRule`).
 */
function protocolOf(value: unknown): string {
  const text = String(value).toLowerCase();
  if (text === "6") return "tcp";
  return text === "all" ? "-1" : text;
}
