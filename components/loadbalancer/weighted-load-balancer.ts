import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../internal/aws-context";
import { SecurityGroupPeer } from "../internal/connections";
import { Colour, COLOURS, LoadBalancerMetrics } from "../internal/metrics";
import { mergeTags, Tags } from "../internal/tags";
import { isDomainName, isIntegerBetween, Problems } from "../internal/validation";
import { createAccessLogBucket } from "./access-log-bucket";
import { createDnsValidatedCertificate } from "./certificate";
import { resolveResponseHeaders, responseHeaderArgs, responseHeaderProblems, ResponseHeaderName } from "./response-headers";

/** Who moves the blue/green weights: this component (from its args) or ECS during its native blue/green deployment. */
export const TRAFFIC_MODES = ["weighted", "ecs-native"] as const;
export type TrafficMode = (typeof TRAFFIC_MODES)[number];

/** TLS 1.3 security policies ALB offers, newest first; older or TLS 1.2-only policies are refused. */
export const SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
] as const;
export type SslPolicy = (typeof SSL_POLICIES)[number];
/**
 * TLS 1.3 plus TLS 1.2 with forward-secret AEAD ciphers. The 2025-09 `PQ`
 * policies (hybrid post-quantum key exchange) are allowed and newer; the
 * default stays the one every client and the security policy pack accept.
 */
export const DEFAULT_SSL_POLICY: SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** `monitor` is too lax: it lets requests through that are known to desynchronise proxies. */
export const DESYNC_MITIGATION_MODES = ["defensive", "strictest"] as const;

export const WEIGHT_RANGE = { min: 0, max: 999 } as const;
export const STICKINESS_SECONDS = { min: 1, max: 604800 } as const;
export const HEALTH_CHECK_LIMITS = {
  intervalSeconds: { min: 5, max: 300 },
  timeoutSeconds: { min: 2, max: 120 },
  healthyThreshold: { min: 2, max: 10 },
  unhealthyThreshold: { min: 2, max: 10 },
} as const;
export const DEREGISTRATION_DELAY_SECONDS = { min: 0, max: 3600 } as const;
export const IDLE_TIMEOUT_SECONDS = { min: 1, max: 4000 } as const;
/** ALB and target group names are at most 32 characters; Pulumi appends `-` and 7 random characters. */
export const MAX_NAME_LENGTH = 32 - 8 - "-green".length;
/** `200`, `200,204`, `200-299`: the HTTP codes ALB's matcher accepts. */
export const MATCHER_PATTERN = /^[1-5]\d{2}(-[1-5]\d{2})?(,[1-5]\d{2}(-[1-5]\d{2})?)*$/;
export const HEALTH_CHECK_PATH_PATTERN = /^\/[\x21-\x7e]{0,1023}$/;

const HTTP_PORT = 80;
const HTTPS_PORT = 443;
const ACCESS_LOG_PREFIX = "alb";
/** The ecs-native production rule matches every path; it is the only rule, so its priority only has to be valid. */
const PRODUCTION_RULE_PRIORITY = 1;

export interface HealthCheckArgs {
  /** @default "/" */
  readonly path?: string;
  /** HTTP codes that mean healthy. @default "200" */
  readonly matcher?: string;
  /** @default 15 */
  readonly intervalSeconds?: number;
  /** Must be shorter than the interval. @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
}

export interface WeightedLoadBalancerArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets, at least two AZs. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Port the targets (containers) listen on; the security group's only egress. */
  readonly targetPort: number;
  /** Listener weights per colour, 0-999, at least one above zero. In `ecs-native` mode only the initial split. */
  readonly weights: Readonly<Record<Colour, number>>;
  /** @default "weighted" */
  readonly mode?: TrafficMode;
  /** Target group health check. @default GET / expecting 200 every 15 s, 5 s timeout, 3/3 thresholds */
  readonly healthCheck?: HealthCheckArgs;
  /** Seconds a deregistering target keeps its in-flight requests. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** Keep a client on the colour it first reached (group-level stickiness of the forward action). @default off */
  readonly stickiness?: { readonly enabled: boolean; /** @default 3600 */ readonly durationSeconds?: number };
  /** An existing ACM certificate for the HTTPS listener. @default none; see `domain` */
  readonly certificateArn?: pulumi.Input<string>;
  /**
   * A DNS name for the service in a Route 53 zone: an alias record to the load
   * balancer, and an ACM certificate issued with DNS validation unless
   * `certificateArn` is given. With neither, the load balancer serves HTTP only.
   * `aliasRecord: false` leaves the name's records to another component, such
   * as the failover records of a disaster-recovery pair (`DnsFailover`).
   * @default none; `aliasRecord` defaults to true
   */
  readonly domain?: { readonly name: string; readonly hostedZoneId: pulumi.Input<string>; readonly aliasRecord?: boolean };
  /** @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
  readonly sslPolicy?: SslPolicy;
  /** ALB deletion protection, and Pulumi `protect` on the access log bucket. @default true */
  readonly deletionProtection?: boolean;
  /** Days before access log objects expire. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** @default "defensive" */
  readonly desyncMitigationMode?: (typeof DESYNC_MITIGATION_MODES)[number];
  /**
   * Headers the forwarding listener adds to every response, by name (any case),
   * on top of the defaults. Only the headers in `RESPONSE_HEADER_ARGUMENTS` can be set.
   * @default HSTS `max-age=31536000; includeSubDomains` (HTTPS only), `X-Content-Type-Options: nosniff`,
   * `X-Frame-Options: DENY` and a same-origin `Content-Security-Policy`
   */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Default headers to leave out, by name (any case), such as `Content-Security-Policy` when the app sends its own. @default none */
  readonly omitResponseHeaders?: readonly string[];
  /** Keep ALB's own `Server` response header. @default false: removed, it only tells scanners what answers */
  readonly serverHeader?: boolean;
  readonly tags?: Tags;
}

/** Pure validation of {@link WeightedLoadBalancerArgs}; `name` is checked because AWS limits the generated names. */
export function validateWeightedLoadBalancerArgs(name: string, args: WeightedLoadBalancerArgs): Problems {
  const problems = new Problems();
  problems.check(
    name.length <= MAX_NAME_LENGTH && /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/.test(name),
    "name",
    name,
    `letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters, so that AWS's 32-character load balancer and target group names fit`,
  );
  for (const colour of COLOURS) {
    const weight = args.weights[colour];
    problems.check(isIntegerBetween(weight, WEIGHT_RANGE.min, WEIGHT_RANGE.max), `weights.${colour}`, weight, `an integer from ${WEIGHT_RANGE.min} to ${WEIGHT_RANGE.max}`);
  }
  problems.check(COLOURS.some((c) => args.weights[c] > 0), "weights", args.weights, "at least one weight above zero");
  problems.check(TRAFFIC_MODES.includes(args.mode ?? "weighted"), "mode", args.mode, TRAFFIC_MODES.join(" | "));
  problems.check(Number.isInteger(args.targetPort) && args.targetPort >= 1 && args.targetPort <= 65535, "targetPort", args.targetPort, "a port from 1 to 65535");
  const check = resolveHealthCheck(args.healthCheck);
  for (const [key, range] of Object.entries(HEALTH_CHECK_LIMITS)) {
    const value = check[key as keyof typeof HEALTH_CHECK_LIMITS];
    problems.check(isIntegerBetween(value, range.min, range.max), `healthCheck.${key}`, value, `an integer from ${range.min} to ${range.max}`);
  }
  problems.check(check.timeoutSeconds < check.intervalSeconds, "healthCheck.timeoutSeconds", check.timeoutSeconds, `less than healthCheck.intervalSeconds (${check.intervalSeconds})`);
  problems.check(HEALTH_CHECK_PATH_PATTERN.test(check.path), "healthCheck.path", check.path, "an absolute path such as /healthz");
  problems.check(MATCHER_PATTERN.test(check.matcher), "healthCheck.matcher", check.matcher, "HTTP codes such as 200, 200,204 or 200-299");
  const delay = args.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS;
  problems.check(isIntegerBetween(delay, DEREGISTRATION_DELAY_SECONDS.min, DEREGISTRATION_DELAY_SECONDS.max), "deregistrationDelaySeconds", delay, `an integer from 0 to ${DEREGISTRATION_DELAY_SECONDS.max}`);
  const duration = args.stickiness?.durationSeconds ?? DEFAULT_STICKINESS_SECONDS;
  problems.check(
    isIntegerBetween(duration, STICKINESS_SECONDS.min, STICKINESS_SECONDS.max),
    "stickiness.durationSeconds",
    duration,
    `an integer from ${STICKINESS_SECONDS.min} to ${STICKINESS_SECONDS.max} (7 days)`,
  );
  const sslPolicy = args.sslPolicy ?? DEFAULT_SSL_POLICY;
  problems.check(SSL_POLICIES.includes(sslPolicy), "sslPolicy", sslPolicy, `a TLS 1.3 policy: ${SSL_POLICIES.join(" | ")}`);
  const desync = args.desyncMitigationMode ?? "defensive";
  problems.check(DESYNC_MITIGATION_MODES.includes(desync), "desyncMitigationMode", desync, DESYNC_MITIGATION_MODES.join(" | "));
  const idle = args.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
  problems.check(isIntegerBetween(idle, IDLE_TIMEOUT_SECONDS.min, IDLE_TIMEOUT_SECONDS.max), "idleTimeoutSeconds", idle, `an integer from 1 to ${IDLE_TIMEOUT_SECONDS.max}`);
  const retention = args.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS;
  problems.check(isIntegerBetween(retention, 1, 3650), "accessLogRetentionDays", retention, "an integer from 1 to 3650");
  if (args.domain) {
    problems.check(isDomainName(args.domain.name), "domain.name", args.domain.name, "a fully qualified domain name such as app.example.com");
  }
  problems.check(args.subnetIds.length >= 2, "subnetIds", `${args.subnetIds.length} subnets`, "public subnets in at least two availability zones");
  const https = args.certificateArn !== undefined || args.domain !== undefined;
  for (const p of responseHeaderProblems(args.responseHeaders ?? {}, https)) problems.add(`responseHeaders.${p.argument}`, p.value, p.allowed);
  const omitted = Object.fromEntries((args.omitResponseHeaders ?? []).map((header) => [header, false as const]));
  for (const p of responseHeaderProblems(omitted, https)) problems.add("omitResponseHeaders", p.value, p.allowed);
  const given = Object.keys(args.responseHeaders ?? {}).map((header) => header.toLowerCase());
  for (const header of args.omitResponseHeaders ?? []) problems.check(!given.includes(header.toLowerCase()), "omitResponseHeaders", header, "a header not also set in responseHeaders");
  return problems;
}

const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;
const DEFAULT_STICKINESS_SECONDS = 3600;
const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;

function resolveHealthCheck(args: HealthCheckArgs | undefined): Required<HealthCheckArgs> {
  return {
    path: args?.path ?? "/",
    matcher: args?.matcher ?? "200",
    intervalSeconds: args?.intervalSeconds ?? 15,
    timeoutSeconds: args?.timeoutSeconds ?? 5,
    healthyThreshold: args?.healthyThreshold ?? 3,
    unhealthyThreshold: args?.unhealthyThreshold ?? 3,
  };
}

export { isDomainName };

/** The colour that takes most traffic; blue on a tie. */
export function liveColour(weights: Readonly<Record<Colour, number>>): Colour {
  return weights.green > weights.blue ? "green" : "blue";
}

/**
 * An internet-facing Application Load Balancer with two target groups, `blue`
 * and `green`, whose listener forwards to both by weight. HTTPS with a TLS 1.3
 * policy when there is a certificate (HTTP then only redirects); HTTP only
 * otherwise. Hardened: invalid header fields dropped, desync mitigation at
 * least `defensive`, deletion protection, access logs to a bucket of its own,
 * and a security group that admits 80/443 and sends only to the targets' port
 * of the peers named with {@link allowTrafficTo}.
 *
 * In `ecs-native` mode the forwarding listener's default action answers 404
 * and a catch-all listener rule forwards to both groups instead; ECS rewrites
 * that rule's weights during its own blue/green deployment, so the rule's
 * actions are left to ECS (`ignoreChanges`).
 */
export class WeightedLoadBalancer extends pulumi.ComponentResource {
  readonly securityGroupId: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** `app/<name>/<id>`, the CloudWatch `LoadBalancer` dimension. */
  readonly arnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  /** Route 53 hosted zone of the load balancer's DNS name, for alias records. */
  readonly zoneId: pulumi.Output<string>;
  /** The listener that forwards to the target groups: HTTPS when there is a certificate, else HTTP. */
  readonly listenerArn: pulumi.Output<string>;
  readonly httpsEnabled: boolean;
  /** `https://<domain>`, or the load balancer's DNS name with the protocol it serves. */
  readonly url: pulumi.Output<string>;
  readonly targetGroupArns: Readonly<Record<Colour, pulumi.Output<string>>>;
  readonly targetGroupArnSuffixes: Readonly<Record<Colour, pulumi.Output<string>>>;
  /** The weights the listener was given (in `ecs-native` mode, only the initial split). */
  readonly weights: Readonly<Record<Colour, number>>;
  readonly mode: TrafficMode;
  /** The catch-all rule ECS moves in `ecs-native` mode; absent in `weighted` mode. */
  readonly productionListenerRuleArn?: pulumi.Output<string>;
  readonly certificateArn?: pulumi.Output<string>;
  readonly accessLogBucketName: pulumi.Output<string>;
  /** The headers the forwarding listener adds to every response. */
  readonly responseHeaders: Readonly<Partial<Record<ResponseHeaderName, string>>>;
  readonly metrics: LoadBalancerMetrics;

  private readonly name: string;
  private readonly targetPort: number;
  private readonly tags?: Tags;

  constructor(name: string, args: WeightedLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:loadbalancer:WeightedLoadBalancer", name, {}, opts);
    validateWeightedLoadBalancerArgs(name, args).throwIfAny(this, `WeightedLoadBalancer "${name}"`);

    const mode = args.mode ?? "weighted";
    const healthCheck = resolveHealthCheck(args.healthCheck);
    const deletionProtection = args.deletionProtection ?? true;
    const tags = (resourceName: string, extra?: Tags) => mergeTags(resourceName, args.tags, extra);
    const parent = { parent: this };
    const ctx = awsContext(this);
    this.name = name;
    this.targetPort = args.targetPort;
    this.tags = args.tags;

    // No inline rules: ingress and egress are standalone rules, and the provider removes AWS's default allow-all egress.
    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      { vpcId: args.vpcId, description: `Load balancer ${name}: HTTP(S) from the internet, to the app port of its targets only`, tags: tags(name) },
      parent,
    );
    const httpsEnabled = args.certificateArn !== undefined || args.domain !== undefined;
    const ports = httpsEnabled ? { http: HTTP_PORT, https: HTTPS_PORT } : { http: HTTP_PORT };
    for (const [protocol, port] of Object.entries(ports)) {
      for (const [family, cidr] of [["ipv4", "0.0.0.0/0"], ["ipv6", "::/0"]] as const) {
        const ruleName = `${name}-${protocol}-${family}`;
        new aws.vpc.SecurityGroupIngressRule(
          ruleName,
          {
            securityGroupId: securityGroup.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            ...(family === "ipv4" ? { cidrIpv4: cidr } : { cidrIpv6: cidr }),
            description: `${protocol.toUpperCase()} from the internet (${family})`,
            tags: tags(ruleName),
          },
          parent,
        );
      }
    }

    const logs = createAccessLogBucket(
      `${name}-access-logs`,
      {
        retentionDays: args.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
        prefix: ACCESS_LOG_PREFIX,
        protect: deletionProtection,
        tags: tags(`${name}-access-logs`),
      },
      ctx,
      parent,
    );

    const loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        loadBalancerType: "application",
        internal: false,
        ipAddressType: "ipv4",
        subnets: args.subnetIds,
        securityGroups: [securityGroup.id],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: args.desyncMitigationMode ?? "defensive",
        enableDeletionProtection: deletionProtection,
        enableHttp2: true,
        enableWafFailOpen: false,
        idleTimeout: args.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS,
        xffHeaderProcessingMode: "append",
        accessLogs: { enabled: true, bucket: logs.bucket.id, prefix: ACCESS_LOG_PREFIX },
        tags: tags(name),
      },
      { parent: this, dependsOn: [logs.policy] },
    );

    const targetGroups = Object.fromEntries(
      COLOURS.map((colour) => {
        const groupName = `${name}-${colour}`;
        const group = new aws.lb.TargetGroup(
          groupName,
          {
            vpcId: args.vpcId,
            targetType: "ip",
            port: args.targetPort,
            protocol: "HTTP",
            protocolVersion: "HTTP1",
            deregistrationDelay: args.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS,
            healthCheck: {
              enabled: true,
              protocol: "HTTP",
              port: "traffic-port",
              path: healthCheck.path,
              matcher: healthCheck.matcher,
              interval: healthCheck.intervalSeconds,
              timeout: healthCheck.timeoutSeconds,
              healthyThreshold: healthCheck.healthyThreshold,
              unhealthyThreshold: healthCheck.unhealthyThreshold,
            },
            tags: tags(groupName, { "platform:colour": colour }),
          },
          parent,
        );
        return [colour, group];
      }),
    ) as Record<Colour, aws.lb.TargetGroup>;

    const forward = {
      type: "forward",
      forward: {
        targetGroups: COLOURS.map((colour) => ({ arn: targetGroups[colour].arn, weight: args.weights[colour] })),
        stickiness: { enabled: args.stickiness?.enabled ?? false, duration: args.stickiness?.durationSeconds ?? DEFAULT_STICKINESS_SECONDS },
      },
    };
    // In ecs-native mode a request that matches no rule (there is none in practice) gets a plain 404.
    const defaultAction =
      mode === "weighted" ? forward : { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } };

    let certificateArn: pulumi.Output<string> | undefined;
    if (args.certificateArn !== undefined) certificateArn = pulumi.output(args.certificateArn);
    else if (args.domain) {
      certificateArn = createDnsValidatedCertificate(`${name}-certificate`, args.domain.name, args.domain.hostedZoneId, tags(`${name}-certificate`), parent)
        .validatedArn;
    }

    const responseHeaders = resolveResponseHeaders({ ...args.responseHeaders, ...Object.fromEntries((args.omitResponseHeaders ?? []).map((header) => [header, false])) }, httpsEnabled);
    const headerArgs = responseHeaderArgs(responseHeaders, args.serverHeader ?? false);
    let forwardingListener: aws.lb.Listener;
    if (certificateArn) {
      forwardingListener = new aws.lb.Listener(
        `${name}-https`,
        {
          loadBalancerArn: loadBalancer.arn,
          port: HTTPS_PORT,
          protocol: "HTTPS",
          sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
          certificateArn,
          defaultActions: [defaultAction],
          ...headerArgs,
          tags: tags(`${name}-https`),
        },
        parent,
      );
      new aws.lb.Listener(
        `${name}-http`,
        {
          loadBalancerArn: loadBalancer.arn,
          port: HTTP_PORT,
          protocol: "HTTP",
          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } }],
          tags: tags(`${name}-http`),
        },
        parent,
      );
    } else {
      forwardingListener = new aws.lb.Listener(
        `${name}-http`,
        { loadBalancerArn: loadBalancer.arn, port: HTTP_PORT, protocol: "HTTP", defaultActions: [defaultAction], ...headerArgs, tags: tags(`${name}-http`) },
        parent,
      );
    }

    if (mode === "ecs-native") {
      const rule = new aws.lb.ListenerRule(
        `${name}-production`,
        {
          listenerArn: forwardingListener.arn,
          priority: PRODUCTION_RULE_PRIORITY,
          actions: [forward],
          conditions: [{ pathPattern: { values: ["/*"] } }],
          tags: tags(`${name}-production`),
        },
        // ECS rewrites the forward weights during every deployment; Pulumi must not put them back.
        { parent: this, ignoreChanges: ["actions"] },
      );
      this.productionListenerRuleArn = rule.arn;
    }

    if (args.domain && (args.domain.aliasRecord ?? true)) {
      new aws.route53.Record(
        `${name}-alias`,
        {
          zoneId: args.domain.hostedZoneId,
          name: args.domain.name,
          type: "A",
          aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
        },
        parent,
      );
    }

    this.securityGroupId = securityGroup.id;
    this.arn = loadBalancer.arn;
    this.arnSuffix = loadBalancer.arnSuffix;
    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
    this.listenerArn = forwardingListener.arn;
    this.httpsEnabled = httpsEnabled;
    this.url = args.domain ? pulumi.output(`https://${args.domain.name}`) : pulumi.interpolate`${httpsEnabled ? "https" : "http"}://${loadBalancer.dnsName}`;
    this.targetGroupArns = { blue: targetGroups.blue.arn, green: targetGroups.green.arn };
    this.targetGroupArnSuffixes = { blue: targetGroups.blue.arnSuffix, green: targetGroups.green.arnSuffix };
    this.weights = { blue: args.weights.blue, green: args.weights.green };
    this.mode = mode;
    this.certificateArn = certificateArn;
    this.accessLogBucketName = logs.bucket.id;
    this.responseHeaders = responseHeaders;
    this.metrics = { loadBalancerArnSuffix: this.arnSuffix, targetGroupArnSuffixes: this.targetGroupArnSuffixes, certificateArn };

    this.registerOutputs({
      securityGroupId: this.securityGroupId,
      arn: this.arn,
      arnSuffix: this.arnSuffix,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      listenerArn: this.listenerArn,
      httpsEnabled: this.httpsEnabled,
      url: this.url,
      targetGroupArns: this.targetGroupArns,
      targetGroupArnSuffixes: this.targetGroupArnSuffixes,
      weights: this.weights,
      mode: this.mode,
      productionListenerRuleArn: this.productionListenerRuleArn,
      certificateArn: this.certificateArn,
      accessLogBucketName: this.accessLogBucketName,
    });
  }

  /**
   * Lets the load balancer send to `peer` on the targets' port: the security
   * group's only egress rule per peer, named `<name>-to-<key>`. The peer must
   * admit the load balancer's security group in turn (`allowFromPeer`).
   */
  allowTrafficTo(key: string, peer: SecurityGroupPeer): void {
    new aws.vpc.SecurityGroupEgressRule(
      `${this.name}-to-${key}`,
      {
        securityGroupId: this.securityGroupId,
        referencedSecurityGroupId: peer.securityGroupId,
        ipProtocol: "tcp",
        fromPort: this.targetPort,
        toPort: this.targetPort,
        description: `To ${key} on the app port`,
        tags: mergeTags(`${this.name}-to-${key}`, this.tags),
      },
      { parent: this },
    );
  }
}
