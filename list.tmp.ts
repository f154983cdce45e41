import { runProgram } from "./test/harness";
const TYPES = /iam|kms\/key|bucketPolicy|topicPolicy|logResourcePolicy|secretsmanager|podIdentity|eks\/addon|rds\/instance:|flowLog|cloudwatch\/metricAlarm|compositeAlarm|logGroup|sns\/topic:|ecs\/cluster:/;
async function main() {
  for (const [stack, platform] of [["dev","ecs"],["prod","ecs"],["prod","eks"]] as const) {
    const t = Date.now();
    const run = await runProgram({ stack, overrides: { "platform:compute": { platform } } });
    console.log(`=== ${stack}/${platform} ${Date.now()-t}ms`);
    for (const r of run.resources.filter(r => TYPES.test(r.type))) console.log(r.type, r.name, r.state.arn ?? "");
  }
}
main();
