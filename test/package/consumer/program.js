"use strict";
/**
 * A program of a team that installed pulumi-aws-platform from npm: plain
 * Node.js (no TypeScript runtime), the package's peers from its own
 * node_modules. It composes a VPC, a database, a cache and a load balancer
 * under Pulumi's mock runtime and prints, as JSON, every resource that
 * registered (type, name, parent, inputs, id) and where the package was loaded from.
 */
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");
const { Vpc } = require("pulumi-aws-platform/network");
const { Database } = require("pulumi-aws-platform/database");
const { Cache, WeightedLoadBalancer } = require("pulumi-aws-platform");

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const INVOKES = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDAEXAMPLE", id: ACCOUNT }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
  "aws:index/getRegion:getRegion": () => ({ name: REGION, region: REGION, endpoint: `ec2.${REGION}.amazonaws.com`, id: REGION }),
};

/** Outputs the components read in `apply`s, in AWS's shapes. */
const OUTPUTS = {
  "aws:rds/instance:Instance": (name, inputs) => ({
    address: `${name}.cabcdefghijk.${REGION}.rds.amazonaws.com`,
    masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-${name}`, kmsKeyId: inputs.masterUserSecretKmsKeyId }],
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (name, inputs) => ({
    primaryEndpointAddress: `master.${name}.abcdef.euw1.cache.amazonaws.com`,
    readerEndpointAddress: `replica.${name}.abcdef.euw1.cache.amazonaws.com`,
    memberClusters: Array.from({ length: inputs.numCacheClusters ?? 1 }, (_, i) => `${name}-00${i + 1}`),
  }),
};

const mocks = {
  newResource(args) {
    if (!args.custom) return { id: undefined, state: {} };
    const id = `${args.name}-id`;
    const computed = OUTPUTS[args.type]?.(args.name, args.inputs) ?? {};
    return { id, state: { ...args.inputs, id, name: args.inputs.name ?? args.name, arn: `arn:aws:mock:${REGION}:${ACCOUNT}:${args.name}`, arnSuffix: `mock/${args.name}`, ...computed } };
  },
  call(args) {
    const result = INVOKES[args.token];
    if (!result) throw new Error(`no mock result for invoke ${args.token}`);
    return result();
  },
};

/** Every registration as the engine receives it, parent included (Mocks.newResource never sees parents). */
function recordRegistrations() {
  const registered = [];
  const monitor = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, resp) => {
      if (!err && resp) {
        registered.push({ urn: resp.getUrn(), type: req.getType(), name: req.getName(), parent: req.getParent(), id: resp.getId(), inputs: req.getObject()?.toJavaScript() ?? {} });
      }
      callback(err, resp);
    });
  return registered;
}

async function main() {
  await pulumi.runtime.setMocks(mocks, "consumer", "dev", false);
  pulumi.runtime.setAllConfig({ "aws:region": REGION });
  const registered = recordRegistrations();
  await pulumi.runtime.runInPulumiStack(async () => {
    const network = new Vpc("network", { cidr: "10.20.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"], nat: "single" });
    const database = new Database("database", {
      vpcId: network.vpcId,
      subnetIds: network.databaseSubnetIds,
      availabilityZones: network.availabilityZones,
      proxySubnetIds: network.privateSubnetIds,
      instanceClass: "db.t4g.medium",
      readReplicas: 0,
    });
    const cache = new Cache("cache", { vpcId: network.vpcId, subnetIds: network.privateSubnetIds, nodeType: "cache.t4g.small" });
    const edge = new WeightedLoadBalancer("edge", { vpcId: network.vpcId, subnetIds: network.publicSubnetIds, targetPort: 8080, weights: { blue: 100, green: 0 } });
    // The team's own app security group, admitted by the package's components.
    const app = new aws.ec2.SecurityGroup("app", { vpcId: network.vpcId, description: "the app" });
    database.allowFrom("app", { securityGroupId: app.id });
    cache.allowFrom("app", { securityGroupId: app.id });
    return { url: edge.url };
  });
  await pulumi.runtime.waitForRPCs();
  process.stdout.write(JSON.stringify({ packagePath: require.resolve("pulumi-aws-platform"), registered }));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
