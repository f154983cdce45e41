import { describeBoundaries } from "./boundaries";

// The access-boundary table through the IAM policy simulator, on every shipped stack on ECS.
describeBoundaries([
  { stack: "dev", platform: "ecs" },
  { stack: "staging", platform: "ecs" },
  { stack: "prod", platform: "ecs" },
]);
