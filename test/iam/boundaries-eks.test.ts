import { describeBoundaries } from "./boundaries";

// The access-boundary table through the IAM policy simulator, on the prod stack on EKS.
describeBoundaries([{ stack: "prod", platform: "eks" }]);
