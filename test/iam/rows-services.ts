import { StackIam } from "./collect";
import { accountAdmin, allows, asRole, BoundaryRow, denies, OTHER_ACCOUNT, PAGES, service, source } from "./probes";

/**
 * Boundary rows for the roles AWS services assume on the stack's behalf (flow
 * logs, RDS monitoring, RDS Proxy, ECS) and for what the app's roles on ECS
 * may reach. Each role row proves the confused-deputy guard of its trust
 * (this account's source only) and the reach of its permissions.
 */

/** The RDS-managed master secret and the cache's AUTH token secret: the stack's secrets. */
export function stackSecrets(s: StackIam): { database: string; cache: string } {
  return {
    database: s.run.one("aws:rds/instance:Instance", "database").state.masterUserSecrets[0].secretArn,
    cache: s.arnOf("aws:secretsmanager/secret:Secret", "cache-auth-token"),
  };
}

/** A secret of the same account the stack does not own. */
export const foreignSecret = (s: StackIam) => s.other("secretsmanager", "secret:someone-else-AbCdEf");

const dbInstances = (s: StackIam) =>
  s.run.ofType("aws:rds/instance:Instance").map((i) => s.other("rds", `db:${i.inputs.identifier}`));

export const SERVICE_ROLE_ROWS: BoundaryRow[] = [
  {
    boundary: "VPC flow logs assume the flow-log role only for a flow log of this account, and write only to their own log group",
    sources: [PAGES.flowLogsRole, PAGES.confusedDeputy],
    subjects: [{ role: "network-flow-logs" }],
    probes: (s) => {
      const role = s.role("network-flow-logs");
      const flowLogs = service("vpc-flow-logs.amazonaws.com");
      const group = s.logGroup("network-flow-logs");
      return [
        allows("assumes it for a flow log of this account", flowLogs, "sts:AssumeRole", role.arn, source(s.account, s.other("ec2", "vpc-flow-log/fl-0123456789abcdef0"))),
        denies("assumes it for a flow log of another account", flowLogs, "sts:AssumeRole", role.arn, source(OTHER_ACCOUNT, s.other("ec2", "vpc-flow-log/fl-0123456789abcdef0", OTHER_ACCOUNT))),
        denies("assumes it with no source (a request not on behalf of a flow log)", flowLogs, "sts:AssumeRole", role.arn),
        denies("assumes it for another EC2 resource of the account, not a flow log", flowLogs, "sts:AssumeRole", role.arn, source(s.account, s.other("ec2", "instance/i-0123456789abcdef0"))),
        denies("lets another service assume it", service("ec2.amazonaws.com"), "sts:AssumeRole", role.arn, source(s.account, s.other("ec2", "vpc-flow-log/fl-0123456789abcdef0"))),
        allows("writes flow log records to its group", asRole(role), "logs:PutLogEvents", `${group.arn}:log-stream:eni-0abc-all`),
        denies("writes into another log group", asRole(role), "logs:PutLogEvents", `${s.logGroup("edge-waf-logs").arn}:log-stream:x`),
        denies("deletes its log group", asRole(role), "logs:DeleteLogGroup", group.arn),
      ];
    },
  },
  {
    boundary: "RDS enhanced monitoring assumes its role only for this stack's DB instances, and writes only to RDSOSMetrics",
    sources: [PAGES.rdsMonitoring, PAGES.rdsArns],
    subjects: [{ role: "database-monitoring" }],
    probes: (s) => {
      const role = s.role("database-monitoring");
      const monitoring = service("monitoring.rds.amazonaws.com");
      return [
        ...dbInstances(s).map((db) => allows(`assumes it for ${db.split(":").pop()}`, monitoring, "sts:AssumeRole", role.arn, source(s.account, db))),
        denies("assumes it for another DB instance of the account", monitoring, "sts:AssumeRole", role.arn, source(s.account, s.other("rds", "db:someone-elses-db"))),
        denies("assumes it for a DB instance of another account", monitoring, "sts:AssumeRole", role.arn, source(OTHER_ACCOUNT, s.other("rds", `db:${dbInstances(s)[0].split(":").pop()}`, OTHER_ACCOUNT))),
        allows("publishes OS metrics", asRole(role), "logs:PutLogEvents", s.other("logs", "log-group:RDSOSMetrics:log-stream:db-ABC")),
        denies("writes into the app's log groups", asRole(role), "logs:PutLogEvents", `${s.logGroup("network-flow-logs").arn}:log-stream:x`),
        denies("reads the master secret", asRole(role), "secretsmanager:GetSecretValue", stackSecrets(s).database),
      ];
    },
  },
  {
    boundary: "Only RDS Proxies of this account assume the proxy role, which reads the master secret, through Secrets Manager, and nothing else",
    sources: [PAGES.rdsConfusedDeputy, PAGES.rdsArns, PAGES.rdsProxySecrets, PAGES.kmsViaService],
    subjects: [{ role: "database-proxy" }],
    probes: (s) => {
      const role = s.role("database-proxy");
      const rds = service("rds.amazonaws.com");
      const proxy = s.other("rds", "db-proxy:prx-0123456789abcdef0");
      const { database, cache } = stackSecrets(s);
      const viaSecretsManager = { "kms:ViaService": `secretsmanager.${s.region}.amazonaws.com` };
      return [
        allows("assumes it for a proxy of this account", rds, "sts:AssumeRole", role.arn, source(s.account, proxy)),
        denies("assumes it for a DB instance (RDS acting for something other than a proxy)", rds, "sts:AssumeRole", role.arn, source(s.account, dbInstances(s)[0])),
        denies("assumes it for a proxy of another account", rds, "sts:AssumeRole", role.arn, source(OTHER_ACCOUNT, s.other("rds", "db-proxy:prx-0123456789abcdef0", OTHER_ACCOUNT))),
        allows("reads the master secret", asRole(role), "secretsmanager:GetSecretValue", database),
        allows("describes the master secret", asRole(role), "secretsmanager:DescribeSecret", database),
        allows("decrypts it through Secrets Manager", asRole(role), "kms:Decrypt", s.key("database"), viaSecretsManager),
        denies("decrypts with the database key directly", asRole(role), "kms:Decrypt", s.key("database")),
        denies("reads the cache's AUTH token", asRole(role), "secretsmanager:GetSecretValue", cache),
        denies("decrypts with the cache key", asRole(role), "kms:Decrypt", s.key("cache"), viaSecretsManager),
      ];
    },
  },
  {
    boundary: "Only ECS tasks of this account assume the app's execution and task roles",
    sources: [PAGES.ecsTaskRole, PAGES.ecsExecutionRole, PAGES.confusedDeputy],
    subjects: [{ role: "app-execution" }, { role: "app-task" }],
    probes: (s) => {
      const tasks = service("ecs-tasks.amazonaws.com");
      const cluster = s.run.one("aws:ecs/cluster:Cluster", "app-cluster").state.name;
      const task = s.other("ecs", `task/${cluster}/0123456789abcdef0123456789abcdef`);
      return ["app-execution", "app-task"].flatMap((name) => {
        const role = s.role(name);
        return [
          allows(`assumes ${name} for a task of this account`, tasks, "sts:AssumeRole", role.arn, source(s.account, task)),
          denies(`assumes ${name} for a task of another account`, tasks, "sts:AssumeRole", role.arn, source(OTHER_ACCOUNT, s.other("ecs", `task/${cluster}/0123`, OTHER_ACCOUNT))),
          denies(`assumes ${name} with no source`, tasks, "sts:AssumeRole", role.arn),
          denies(`lets EC2 assume ${name}`, service("ec2.amazonaws.com"), "sts:AssumeRole", role.arn, source(s.account, task)),
        ];
      });
    },
  },
  {
    boundary: "The execution role reads exactly the secrets the task definitions name, through Secrets Manager only, and writes only the app's log group",
    sources: [PAGES.ecsExecutionRole, PAGES.kmsViaService],
    subjects: [{ role: "app-execution" }],
    probes: (s) => {
      const role = asRole(s.role("app-execution"));
      const named = secretsNamedByTaskDefinitions(s);
      if (named.length === 0) throw new Error("no task definition names a secret; the row has nothing to prove");
      const { database, cache } = stackSecrets(s);
      const viaSecretsManager = { "kms:ViaService": `secretsmanager.${s.region}.amazonaws.com` };
      const appLogs = s.logGroup("app");
      return [
        ...[database, cache].map((secret) =>
          named.includes(secret)
            ? allows(`reads ${secret.split(":").pop()}, which the task definitions name`, role, "secretsmanager:GetSecretValue", secret)
            : denies(`reads ${secret.split(":").pop()}, which no task definition names`, role, "secretsmanager:GetSecretValue", secret),
        ),
        denies("reads a secret of the account the stack does not own", role, "secretsmanager:GetSecretValue", foreignSecret(s)),
        denies("lists the account's secrets", role, "secretsmanager:ListSecrets", "*"),
        allows("decrypts the database secret through Secrets Manager", role, "kms:Decrypt", s.key("database"), viaSecretsManager),
        allows("decrypts the cache secret through Secrets Manager", role, "kms:Decrypt", s.key("cache"), viaSecretsManager),
        denies("decrypts with the database key outside Secrets Manager", role, "kms:Decrypt", s.key("database")),
        denies("decrypts with the key of the cluster's logs", role, "kms:Decrypt", s.key("app-cluster-key"), viaSecretsManager),
        allows("writes the app's container logs", role, "logs:PutLogEvents", `${appLogs.arn}:log-stream:blue/app/0123`),
        denies("writes the ECS Exec log group", role, "logs:PutLogEvents", `${s.logGroup("app-cluster-exec").arn}:log-stream:x`),
        denies("passes a role", role, "iam:PassRole", s.role("app-task").arn),
      ];
    },
  },
  {
    boundary: "The app's task role reaches no secret, key, bucket or role: with ECS Exec it gets the session channels, its log group and the Exec session key, and not the key of the app's logs",
    sources: [PAGES.ecsTaskRole, PAGES.ecsExec, PAGES.ecsExecKey, PAGES.passRole],
    subjects: [{ role: "app-task" }],
    probes: (s) => {
      const role = asRole(s.role("app-task"));
      const execOn = s.role("app-task").identityPolicies.length > 0;
      const execLogs = s.logGroup("app-cluster-exec");
      const { database, cache } = stackSecrets(s);
      const bucket = s.run.one("aws:s3/bucket:Bucket", "edge-access-logs").state.bucket;
      const exec = [
        (execOn ? allows : denies)("opens an ECS Exec control channel", role, "ssmmessages:CreateControlChannel", "*"),
        (execOn ? allows : denies)("finds its Exec log group", role, "logs:DescribeLogGroups", "*"),
        (execOn ? allows : denies)("writes ECS Exec session logs", role, "logs:PutLogEvents", `${execLogs.arn}:log-stream:ecs-execute-command-0123`),
        (execOn ? allows : denies)("decrypts an Exec session with the session key", role, "kms:Decrypt", s.key("app-cluster-exec-sessions")),
      ];
      return [
        ...exec,
        denies("decrypts with the key of the app's logs and the Exec log group", role, "kms:Decrypt", s.key("app-cluster-key")),
        denies("writes into the app's container log group", role, "logs:PutLogEvents", `${s.logGroup("app").arn}:log-stream:x`),
        denies("reads the database secret", role, "secretsmanager:GetSecretValue", database),
        denies("reads the cache secret", role, "secretsmanager:GetSecretValue", cache),
        denies("decrypts with the database key", role, "kms:Decrypt", s.key("database"), { "kms:ViaService": `secretsmanager.${s.region}.amazonaws.com` }),
        denies("reads the access-log bucket", role, "s3:GetObject", `arn:aws:s3:::${bucket}/edge/AWSLogs/${s.account}/x.gz`),
        denies("passes the execution role", role, "iam:PassRole", s.role("app-execution").arn),
        denies("assumes another role", role, "sts:AssumeRole", s.role("network-flow-logs").arn),
        denies("lets another account's root decrypt an Exec session", accountAdmin(OTHER_ACCOUNT), "kms:Decrypt", s.key("app-cluster-exec-sessions")),
      ];
    },
  },
];

/** The secret ARNs the task definitions' containers name (`valueFrom` without the JSON key, stage and version). */
export function secretsNamedByTaskDefinitions(s: StackIam): string[] {
  const valueFroms = s.run
    .ofType("aws:ecs/taskDefinition:TaskDefinition")
    .flatMap((t) => JSON.parse(t.inputs.containerDefinitions) as { secrets?: { valueFrom: string }[] }[])
    .flatMap((c) => (c.secrets ?? []).map((secret) => secret.valueFrom));
  return [...new Set(valueFroms.map((v) => v.split(":").slice(0, 7).join(":")))];
}
