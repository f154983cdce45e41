import { parseJson, Props, resourcePolicy } from "../kit";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

// The task definition policies read `containerDefinitions` and the role ARNs. In a new stack's first
// preview the container definitions are one unknown string (built with an apply over secret ARNs and
// the image digest, which exist only after create), so those policies decide at the update; the offline
// preview, a required CI check, decides them before anything changes.

/**
 * Container definitions as ECS reads them; none when the JSON is not a list, which the provider refuses before any
 * call ("ECS Task Definition container_definitions is invalid": `validTaskDefinitionContainerDefinitions` in
 * terraform-provider-aws's internal/service/ecs/task_definition.go, which pulumi-aws bridges).
 */
function containers(props: Props): Props[] {
  const parsed = parseJson(props.containerDefinitions);
  return Array.isArray(parsed) ? parsed : [];
}

export const ecsTaskDefinitionDisallowPrivileged = resourcePolicy({
  name: "aws-ecs-task-definition-disallow-privileged",
  description: "No ECS container runs privileged.",
  pack: "security",
  service: "ecs",
  severity: "critical",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Remove `privileged: true` from the container definition (Fargate rejects it anyway).",
  types: [TASK_DEFINITION],
  decides: "update",
  validate: ({ props, report }) => {
    for (const c of containers(props)) if (c.privileged === true) report(`container ${c.name} is privileged. Remove privileged: true.`);
  },
});

export const ecsTaskDefinitionRequireReadOnlyRootFilesystem = resourcePolicy({
  name: "aws-ecs-task-definition-require-read-only-root-filesystem",
  description: "ECS containers mount their root filesystem read-only.",
  pack: "security",
  service: "ecs",
  severity: "medium",
  frameworks: ["pci", "soc2", "iso27001"],
  remediationSteps: "Set `readonlyRootFilesystem: true` on every container; give paths the app writes to a volume (`mountPoints` on an ephemeral volume).",
  types: [TASK_DEFINITION],
  decides: "update",
  validate: ({ props, report }) => {
    for (const c of containers(props)) {
      if (c.readonlyRootFilesystem !== true) report(`container ${c.name} has a writable root filesystem. Set readonlyRootFilesystem: true.`);
    }
  },
});

const ROOT_USERS = ["root", "0"];

export const ecsTaskDefinitionRequireNonRootUser = resourcePolicy({
  name: "aws-ecs-task-definition-require-non-root-user",
  description: "ECS containers run as a non-root user.",
  pack: "security",
  service: "ecs",
  severity: "high",
  frameworks: ["pci", "soc2", "iso27001"],
  remediationSteps: "Set `user` on every container to a non-zero UID (e.g. \"10001\" or \"10001:10001\") that the image supports.",
  types: [TASK_DEFINITION],
  decides: "update",
  validate: ({ props, report }) => {
    for (const c of containers(props)) {
      const user = typeof c.user === "string" ? c.user.split(":")[0] : undefined;
      if (!user || ROOT_USERS.includes(user)) report(`container ${c.name} runs as ${user ? "root" : "the image's user (root unless the image says otherwise)"}. Set user to a non-zero UID.`);
    }
  },
});

/**
 * Names that say "secret", and values that hold a credential: an AWS access key id, a PEM private key,
 * a GitHub or Slack token, alone or inside a longer value (a URL, a connection string), but not as part
 * of a longer run of letters and digits.
 */
const SECRET_NAME = /secret|passw(or)?d|token|api[_-]?key|private[_-]?key|credential/i;
const SECRET_VALUE = /\b(AKIA|ASIA)[A-Z0-9]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[baprs]-/;

export const ecsTaskDefinitionDisallowSecretsInEnvironment = resourcePolicy<{ allowedNames: string[] }>({
  name: "aws-ecs-task-definition-disallow-secrets-in-environment",
  description: "ECS containers receive secrets through `secrets` (Secrets Manager / SSM references), never as plain `environment` values.",
  pack: "security",
  service: "ecs",
  severity: "critical",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Move the value to Secrets Manager and reference it in the container's `secrets` list (`AppSecretRef` in components/internal/connections.ts); rotate the exposed value.",
  settings: {
    allowedNames: { type: "array", items: { type: "string" }, description: "Environment names that look secret but are not (e.g. AUTH_MODE).", default: [] },
  },
  types: [TASK_DEFINITION],
  decides: "update",
  validate: ({ props, settings, report }) => {
    for (const c of containers(props)) {
      // A missing name or value reads as "undefined", which neither pattern matches.
      c.environment?.forEach((env: Props) => {
        if (settings.allowedNames.includes(env.name)) return;
        if (SECRET_NAME.test(env.name) || SECRET_VALUE.test(String(env.value))) {
          report(`container ${c.name} passes ${env.name} in plain environment. Reference it from Secrets Manager in secrets instead.`);
        }
      });
    }
  },
});

export const ecsTaskDefinitionRequireSeparateTaskRole = resourcePolicy({
  name: "aws-ecs-task-definition-require-separate-task-role",
  description: "The task role (what the app may do) is not the execution role (what ECS may do to start it).",
  pack: "security",
  service: "ecs",
  severity: "medium",
  frameworks: ["soc2", "iso27001", "pci"],
  remediationSteps: "Give the task definition its own `taskRoleArn` with only the app's permissions; keep ECR pull, log and secret reads on `executionRoleArn`.",
  types: [TASK_DEFINITION],
  decides: "update",
  validate: ({ props, report }) => {
    if (props.taskRoleArn !== undefined && props.taskRoleArn === props.executionRoleArn) {
      report("taskRoleArn equals executionRoleArn: the app holds ECS's permissions to pull images and read every task secret. Use a separate task role.");
    }
  },
});

export const ecsServiceDisallowPublicIp = resourcePolicy({
  name: "aws-ecs-service-disallow-public-ip",
  description: "ECS services run in private subnets without public IP addresses.",
  pack: "security",
  service: "ecs",
  severity: "high",
  frameworks: ["cis", "pci", "soc2", "iso27001"],
  remediationSteps: "Set `networkConfiguration.assignPublicIp: false` and use the VPC's private subnets (NAT or VPC endpoints for egress).",
  types: ["aws:ecs/service:Service"],
  validate: ({ props, report }) => {
    if (props.networkConfiguration?.assignPublicIp === true) report("networkConfiguration.assignPublicIp is true: tasks are reachable from the internet. Set it to false.");
  },
});
