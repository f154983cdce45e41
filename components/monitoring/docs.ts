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
      [a.key, a.group, a.severity, `${cell(a.title)}: ${cell(source(a))}`, evaluation(a), a.treatMissingData, a.deploymentHealth ? "yes" : "", cell(a.runbook)].join(" | "),
    ).map((r) => `| ${r} |`),
    ...plan.burnRates.map((b) => `| ${b.key} | slo | ${b.severity} | composite: ${b.windowKeys.map((k) => `\`${k}\``).join(" AND ")} | — | — |  | ${cell(b.runbook)} |`),
    "| deployment-health | service | info | composite: any alarm marked yes above | — | — |  | ALARM while any critical service alarm is; release automation rolls back on it. Check which member fired first. |",
  ];
  return rows.join("\n");
}
