import { ComputedOutputs } from "./types";

/** Computed outputs of the ECS, Application Auto Scaling, ECR and inline IAM policy resources, in AWS's shapes. */
export const ecs: ComputedOutputs = {
  invokes: {},
  resources: {
    // awsx.ecr.Image is a remote component: the engine returns its outputs without children.
    "awsx:ecr:Image": (c) => ({ outputs: { imageUri: `${c.inputs.repositoryUrl}@sha256:${c.hex(64)}` } }),
    "aws:ecs/cluster:Cluster": (c) => {
      const arn = `arn:aws:ecs:${c.region}:${c.accountId}:cluster/${c.physicalName}`;
      return { id: arn, outputs: { arn } };
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (c) => ({ id: String(c.inputs.clusterName), outputs: {} }),
    "aws:ecs/taskDefinition:TaskDefinition": (c) => {
      const family = String(c.inputs.family);
      const arnWithoutRevision = `arn:aws:ecs:${c.region}:${c.accountId}:task-definition/${family}`;
      return { id: family, outputs: { arn: `${arnWithoutRevision}:1`, arnWithoutRevision, revision: 1 } };
    },
    "aws:ecs/service:Service": (c) => {
      const clusterName = String(c.inputs.cluster ?? "default").split("/").pop();
      const arn = `arn:aws:ecs:${c.region}:${c.accountId}:service/${clusterName}/${c.physicalName}`;
      return { id: arn, outputs: { arn } };
    },
    "aws:appautoscaling/target:Target": (c) => ({
      id: String(c.inputs.resourceId),
      outputs: { arn: `arn:aws:application-autoscaling:${c.region}:${c.accountId}:scalable-target/0ec5${c.hex(28)}` },
    }),
    "aws:appautoscaling/policy:Policy": (c) => ({
      outputs: {
        arn: `arn:aws:autoscaling:${c.region}:${c.accountId}:scalingPolicy:${c.hex(8)}-${c.hex(4)}-${c.hex(4)}-${c.hex(4)}-${c.hex(12)}:resource/ecs/${c.inputs.resourceId}:policyName/${c.physicalName}`,
        alarmArns: [],
      },
    }),
    "aws:ecr/repository:Repository": (c) => ({
      id: c.physicalName,
      outputs: {
        arn: `arn:aws:ecr:${c.region}:${c.accountId}:repository/${c.physicalName}`,
        registryId: c.accountId,
        repositoryUrl: `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com/${c.physicalName}`,
      },
    }),
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": (c) => ({ id: c.accountId, outputs: { registryId: c.accountId } }),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": (c) => ({ id: String(c.inputs.repository), outputs: { registryId: c.accountId } }),
    "aws:iam/rolePolicy:RolePolicy": (c) => ({ id: `${c.inputs.role}:${c.physicalName}`, outputs: {} }),
  },
};
