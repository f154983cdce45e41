import { COLOURS } from "../internal/metrics";
import { AlarmSpec } from "./catalogue";
import { AlarmPlan } from "./monitoring";

/** `300 s × 5 (5 of 5)`: the period and how many datapoints must breach. */
function evaluation(spec: AlarmSpec): string {
  const period = spec.metric?.periodSeconds ?? Object.values(spec.math?.metrics ?? {})[0]?.periodSeconds ?? 0;
  const human = period % 3600 === 0 ? `${period / 3600} h` : period % 60 === 0 ? `${period / 60} min` : `${period} s`;
  return `${spec.datapointsToAlarm} of ${spec.evaluationPeriods} × ${human}`;
}

function source(spec: AlarmSpec): string {
  if (spec.metric) return `\`${spec.metric.namespace}\` \`${spec.metric.metricName}\` (${spec.metric.stat})`;
  const metrics = [...new Set(Object.values(spec.math!.metrics).map((m) => `\`${m.metricName}\``))].join(", ");
  return `math \`${spec.math!.expression}\` over ${metrics}`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The alarm catalogue as a Markdown table, for the component's README (kept current by a test). */
export function renderCatalogueTable(plan: AlarmPlan): string {
  const rows = [
    "| alarm (`<prefix>-…`) | group | severity | fires when | evaluation | missing data | in deployment-health | runbook (first check) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...plan.alarms.map((a) =>
      [a.key, a.group, a.severity, `${cell(a.title)}: ${cell(source(a))}`, evaluation(a), a.treatMissingData, a.deploymentHealth ? (a.colour ? `yes (${a.colour})` : "yes") : "", cell(a.runbook)].join(" | "),
    ).map((r) => `| ${r} |`),
    ...plan.burnRates.map((b) => `| ${b.key} | slo | ${b.severity} | composite: ${b.windowKeys.map((k) => `\`${k}\``).join(" AND ")} | — | — |  | ${cell(b.runbook)} |`),
    ...COLOURS.map(
      (colour) =>
        `| deployment-health-${colour} | service | info | composite: ${colour}'s alarms marked yes above, and those marked yes that judge no one colour | — | — |  | ALARM while ${colour}'s gates or health alarms are; a release to ${colour} rolls back on it. Check which member fired first. |`,
    ),
    "| deployment-health | service | info | composite: `deployment-health-blue` OR `deployment-health-green` | — | — |  | ALARM while either colour's deployment health is; ECS deployments roll back on it. Check which colour fired. |",
  ];
  return rows.join("\n");
}
