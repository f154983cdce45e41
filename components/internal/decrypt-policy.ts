/**
 * `kms:Decrypt` on the keys that encrypt an app's secrets, allowed only when
 * Secrets Manager asks on the reader's behalf (`kms:ViaService`). The service
 * name carries the region of the secret, which is the region of its key
 * (KMS keys are regional), so a key of another region, such as a standby's
 * primary's, gets a statement of its own: `<sid>In<Region>`.
 */
export function decryptThroughSecretsManager(sid: string, keyArns: readonly string[], region: string, dnsSuffix: string): object[] {
  const byRegion = new Map<string, string[]>();
  for (const arn of [...new Set(keyArns)].sort()) {
    const keyRegion = arn.split(":")[3] || region;
    byRegion.set(keyRegion, [...(byRegion.get(keyRegion) ?? []), arn]);
  }
  const regions = [...byRegion.keys()].sort((a, b) => (a === region ? -1 : b === region ? 1 : a.localeCompare(b)));
  return regions.map((keyRegion) => ({
    Sid: keyRegion === region ? sid : `${sid}In${keyRegion.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`,
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: byRegion.get(keyRegion)!,
    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${keyRegion}.${dnsSuffix}` } },
  }));
}
