import { describeBoundaries } from "./boundaries";

// The access-boundary table through the IAM policy simulator, on the prod stack on EKS with each capacity mode:
// Karpenter (shipped) and EKS Auto Mode.
describeBoundaries([
  { stack: "prod", platform: "eks" },
  { stack: "prod", platform: "eks", capacity: "autoMode" },
]);
