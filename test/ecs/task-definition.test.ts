import { buildContainerDefinition, ContainerSpec, secretValueFrom, taskVolumes } from "../../components/ecs";
import { CACHE_SECRET, containers, DB_SECRET, runService, TYPES } from "./fixtures";

const SPEC: ContainerSpec = {
  image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine",
  user: "101:101",
  containerPort: 8080,
  environment: { LOG_LEVEL: "info" },
  secrets: [{ environmentName: "DB_PASSWORD", secretArn: DB_SECRET, jsonKey: "password" }],
  logGroupName: "app-logs",
  region: "eu-west-1",
  logStreamPrefix: "blue",
  healthCheck: { command: ["CMD", "/healthcheck"], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 15 },
  executeCommand: false,
  scratch: { type: "tmpfs", sizeMiB: 64 },
};

describe("buildContainerDefinition", () => {
  test("by default /tmp is a nosuid, nodev tmpfs of the given size and the task has no volume", () => {
    const def = buildContainerDefinition(SPEC) as any;
    expect(def.linuxParameters.tmpfs).toEqual([{ containerPath: "/tmp", size: 64, mountOptions: ["nosuid", "nodev"] }]);
    expect(def.mountPoints).toEqual([]);
    expect(taskVolumes(false, SPEC.scratch)).toEqual([]);
  });

  test("an ephemeral scratch space mounts /tmp as a bind-mount volume instead of a tmpfs", () => {
    const scratch = { type: "ephemeral", sizeMiB: 64 } as const;
    const def = buildContainerDefinition({ ...SPEC, scratch }) as any;
    expect(def.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
    expect(def.linuxParameters.tmpfs).toBeUndefined();
    expect(taskVolumes(false, scratch)).toEqual([{ name: "tmp" }]);
  });

  test("adds writable volumes for the ECS Exec agent's state and logs when Exec is on", () => {
    const def = buildContainerDefinition({ ...SPEC, executeCommand: true }) as any;
    expect(def.mountPoints.map((m: any) => m.containerPath)).toEqual(["/var/lib/amazon/ssm", "/var/log/amazon/ssm"]);
    expect(def.readonlyRootFilesystem).toBe(true);
    expect(taskVolumes(true, SPEC.scratch).map((v) => v.name)).toEqual(["ssm-state", "ssm-logs"]);
  });

  test("a JSON key selects one field of the secret and no key passes the whole secret", () => {
    expect(secretValueFrom({ secretArn: DB_SECRET, jsonKey: "password" })).toBe(`${DB_SECRET}:password::`);
    expect(secretValueFrom({ secretArn: CACHE_SECRET })).toBe(CACHE_SECRET);
  });
});

describe("BlueGreenFargateService task definitions", () => {
  test("each colour's task is Fargate-only, awsvpc and sized from the arguments, with no volume besides its tmpfs", async () => {
    const run = await runService();
    for (const colour of ["blue", "green"]) {
      const td = run.one(TYPES.taskDefinition, `app-${colour}`);
      expect(td.inputs).toMatchObject({
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "512",
        memory: "1024",
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        family: `dev-app-${colour}`,
      });
      expect(td.inputs.volumes).toEqual([]);
    }
  });

  test("the container runs as the given non-root user with a read-only root filesystem, unprivileged, with every capability dropped", async () => {
    const run = await runService();
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    expect(app.user).toBe("1000:1000");
    expect(app.readonlyRootFilesystem).toBe(true);
    expect(app.privileged).toBe(false);
    expect(app.linuxParameters.capabilities).toEqual({ add: [], drop: ["ALL"] });
    expect(app.linuxParameters.initProcessEnabled).toBe(true);
    expect(app.linuxParameters.tmpfs).toEqual([{ containerPath: "/tmp", size: 64, mountOptions: ["nosuid", "nodev"] }]);
    expect(app.essential).toBe(true);
  });

  test("each colour runs its own image and logs under its own stream prefix", async () => {
    const run = await runService();
    const blue = containers(run.one(TYPES.taskDefinition, "app-blue"))[0];
    const green = containers(run.one(TYPES.taskDefinition, "app-green"))[0];
    expect(blue.image).toMatch(/shop\/web:1\.4\.2$/);
    expect(green.image).toBe("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
    expect(blue.logConfiguration.options["awslogs-stream-prefix"]).toBe("blue");
    expect(green.logConfiguration.options["awslogs-stream-prefix"]).toBe("green");
  });

  test("logs go to the service's KMS-encrypted log group with a retention", async () => {
    const run = await runService({ logRetentionDays: 30 });
    const group = run.one(TYPES.logGroup, "app");
    const key = run.one("aws:kms/key:Key", "cluster-key");
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    expect(app.logConfiguration.logDriver).toBe("awslogs");
    expect(app.logConfiguration.options["awslogs-group"]).toBe(group.state.name);
    expect(app.logConfiguration.options["awslogs-region"]).toBe("eu-west-1");
    expect(group.inputs.retentionInDays).toBe(30);
    expect(group.inputs.kmsKeyId).toBe(key.state.arn);
  });

  test("database and cache credentials arrive as secrets naming the exact ARNs, never in environment", async () => {
    const run = await runService();
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    expect(app.secrets).toEqual([
      { name: "CACHE_AUTH_TOKEN", valueFrom: CACHE_SECRET },
      { name: "DB_PASSWORD", valueFrom: `${DB_SECRET}:password::` },
    ]);
    const environmentNames = app.environment.map((e: any) => e.name);
    expect(environmentNames).not.toContain("DB_PASSWORD");
    expect(environmentNames).not.toContain("CACHE_AUTH_TOKEN");
    expect(JSON.stringify(app.environment)).not.toMatch(/secretsmanager/);
  });

  test("plain settings from config and from the data tier are the whole environment", async () => {
    const run = await runService();
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    expect(app.environment).toEqual([
      { name: "DB_HOST", value: "db.internal" },
      { name: "LOG_LEVEL", value: "info" },
    ]);
  });

  test("the container health check requests the app's port and the ALB targets the same port", async () => {
    const run = await runService();
    const [app] = containers(run.one(TYPES.taskDefinition, "app-blue"));
    expect(app.healthCheck).toEqual({ command: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 15 });
    expect(app.portMappings).toEqual([{ name: "http", containerPort: 8080, hostPort: 8080, protocol: "tcp", appProtocol: "http" }]);
  });

  test("task and execution roles are different roles", async () => {
    const run = await runService();
    const td = run.one(TYPES.taskDefinition, "app-blue");
    expect(td.inputs.taskRoleArn).toMatch(/:role\/app-task-/);
    expect(td.inputs.executionRoleArn).toMatch(/:role\/app-execution-/);
    expect(td.inputs.taskRoleArn).not.toBe(td.inputs.executionRoleArn);
  });
});
