import { ComputedOutputs, MockResourceContext } from "./types";

/** Canonical hosted zone ids of ALB DNS names, per region (ELB endpoints table). */
const ALB_ZONE_IDS: Record<string, string> = {
  "eu-west-1": "Z32O12XQLNTSW2",
  "eu-central-1": "Z215JYRZR1TBD5",
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-west-2": "Z1H1FL5HABSF5",
};

const uuid = (c: MockResourceContext) => `${c.hex(8)}-${c.hex(4)}-4${c.hex(3)}-a${c.hex(3)}-${c.hex(12)}`;
const elbArn = (c: MockResourceContext, resource: string) => `arn:aws:elasticloadbalancing:${c.region}:${c.accountId}:${resource}`;

/** Load balancer, WAF, ACM, Route 53 and S3 outputs in the shapes AWS returns them. */
export const edge: ComputedOutputs = {
  invokes: {},
  resources: {
    "aws:lb/loadBalancer:LoadBalancer": (c) => {
      const suffix = `app/${c.physicalName}/${c.hex(16)}`;
      const arn = elbArn(c, `loadbalancer/${suffix}`);
      return {
        id: arn,
        outputs: {
          arn,
          arnSuffix: suffix,
          dnsName: `${c.physicalName}-${parseInt(c.hex(8), 16)}.${c.region}.elb.amazonaws.com`,
          zoneId: ALB_ZONE_IDS[c.region] ?? "Z32O12XQLNTSW2",
          vpcId: `vpc-${c.hex(17)}`,
        },
      };
    },
    "aws:lb/targetGroup:TargetGroup": (c) => {
      const suffix = `targetgroup/${c.physicalName}/${c.hex(16)}`;
      const arn = elbArn(c, suffix);
      return { id: arn, outputs: { arn, arnSuffix: suffix, loadBalancerArns: [] } };
    },
    "aws:lb/listener:Listener": (c) => {
      const lb = String(c.inputs.loadBalancerArn ?? "");
      const arn = lb.includes(":loadbalancer/") ? `${lb.replace(":loadbalancer/", ":listener/")}/${c.hex(16)}` : elbArn(c, `listener/app/unknown/${c.hex(16)}`);
      return { id: arn, outputs: { arn } };
    },
    "aws:lb/listenerRule:ListenerRule": (c) => {
      const listener = String(c.inputs.listenerArn ?? "");
      const arn = listener.includes(":listener/") ? `${listener.replace(":listener/", ":listener-rule/")}/${c.hex(16)}` : elbArn(c, `listener-rule/app/unknown/${c.hex(16)}`);
      return { id: arn, outputs: { arn } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (c) => ({
      id: `sgr-${c.hex(17)}`,
      outputs: { arn: `arn:aws:ec2:${c.region}:${c.accountId}:security-group-rule/sgr-${c.hex(17)}`, securityGroupRuleId: `sgr-${c.hex(17)}` },
    }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (c) => ({
      id: `sgr-${c.hex(17)}`,
      outputs: { arn: `arn:aws:ec2:${c.region}:${c.accountId}:security-group-rule/sgr-${c.hex(17)}`, securityGroupRuleId: `sgr-${c.hex(17)}` },
    }),
    "aws:s3/bucket:Bucket": (c) => {
      const bucket = typeof c.inputs.bucket === "string" ? c.inputs.bucket : c.physicalName.toLowerCase();
      return {
        id: bucket,
        outputs: {
          bucket,
          arn: `arn:aws:s3:::${bucket}`,
          bucketDomainName: `${bucket}.s3.amazonaws.com`,
          bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
          region: c.region,
        },
      };
    },
    "aws:acm/certificate:Certificate": (c) => {
      const domain = String(c.inputs.domainName);
      return {
        outputs: {
          arn: `arn:aws:acm:${c.region}:${c.accountId}:certificate/${uuid(c)}`,
          status: "PENDING_VALIDATION",
          domainValidationOptions: [
            {
              domainName: domain,
              resourceRecordName: `_${c.hex(32)}.${domain}.`,
              resourceRecordType: "CNAME",
              resourceRecordValue: `_${c.hex(32)}.${c.hex(10)}.acm-validations.aws.`,
            },
          ],
        },
      };
    },
    "aws:acm/certificateValidation:CertificateValidation": (c) => ({ id: String(c.inputs.certificateArn), outputs: {} }),
    "aws:route53/record:Record": (c) => ({
      // The provider's id: <zone>_<name>_<type>, and _<set identifier> for a routing policy's record.
      id: [c.inputs.zoneId, c.inputs.name, c.inputs.type, c.inputs.setIdentifier].filter((part) => part !== undefined).join("_"),
      outputs: { fqdn: String(c.inputs.name).replace(/\.$/, "") },
    }),
    "aws:route53/healthCheck:HealthCheck": (c) => {
      const id = uuid(c);
      return { id, outputs: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:wafv2/webAcl:WebAcl": (c) => {
      const id = uuid(c);
      return {
        id,
        outputs: {
          arn: `arn:aws:wafv2:${c.region}:${c.accountId}:regional/webacl/${c.physicalName}/${id}`,
          capacity: 0,
          lockToken: uuid(c),
        },
      };
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": (c) => ({ id: `${c.inputs.webAclArn},${c.inputs.resourceArn}`, outputs: {} }),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (c) => ({ id: String(c.inputs.resourceArn), outputs: {} }),
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": (c) => ({ id: String(c.inputs.policyName), outputs: {} }),
  },
};
