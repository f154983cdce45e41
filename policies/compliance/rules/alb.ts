import { isSet, LOAD_BALANCER_TYPES, TARGET_GROUP_TYPES, resourcePolicy } from "../kit";

export const albLoadBalancerRequireAccessLogs = resourcePolicy({
  name: "aws-alb-load-balancer-require-access-logs",
  description: "Load balancers write access logs to S3.",
  pack: "compliance",
  service: "elbv2",
  severity: "medium",
  frameworks: ["pci", "hipaa", "soc2", "iso27001"],
  remediationSteps: "Set `accessLogs: { enabled: true, bucket }` (the load balancer component creates the bucket with the ELB delivery policy).",
  types: LOAD_BALANCER_TYPES,
  validate: ({ props, report }) => {
    if (props.accessLogs?.enabled !== true || !isSet(props.accessLogs, "bucket")) report("accessLogs is not enabled with a bucket: requests leave no record. Set accessLogs.enabled and accessLogs.bucket.");
  },
});

export const albTargetGroupRequireHealthCheck = resourcePolicy({
  name: "aws-alb-target-group-require-health-check",
  description: "Target groups health-check their targets (for HTTP, on an explicit path).",
  pack: "compliance",
  service: "elbv2",
  severity: "medium",
  frameworks: ["soc2", "iso27001"],
  remediationSteps: "Set `healthCheck: { enabled: true, path: \"/healthz\", matcher: \"200\" }` (`platform:traffic` health check settings).",
  types: TARGET_GROUP_TYPES,
  validate: ({ args, props, report }) => {
    // "If the target type is lambda, health checks are disabled by default but can be enabled"
    // (Elastic Load Balancing API Reference, ModifyTargetGroup, HealthCheckEnabled).
    if (props.targetType === "lambda") args.notApplicable("Lambda targets are health-checked only when asked to");
    const check = props.healthCheck;
    if (!check || check.enabled === false) report("healthCheck is off: traffic goes to targets that are down. Enable healthCheck.");
    else if ((props.protocol ?? "HTTP").startsWith("HTTP") && !check.path) report("healthCheck.path is not set, so targets are probed on /. Set the application's health endpoint.");
  },
});
