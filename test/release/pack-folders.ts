/** Policy pack folders on disk, as `packFolders` and `uninstalledPacks` (scripts/release/policy-packs.ts) look at them. */
import * as fs from "fs";
import * as path from "path";

/** A pack folder `policiesDir/<name>` with its `PulumiPolicy.yaml` and an empty `config/`; returns its path. */
export function writePack(policiesDir: string, name: string): string {
  const pack = path.join(policiesDir, name);
  fs.mkdirSync(path.join(pack, "config"), { recursive: true });
  fs.writeFileSync(path.join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  return pack;
}

/** `npm install` in the pack, as far as the release checks it: `@pulumi/policy`'s manifest in the pack's own node_modules. */
export function installPolicySdk(pack: string): void {
  const sdk = path.join(pack, "node_modules", "@pulumi", "policy");
  fs.mkdirSync(sdk, { recursive: true });
  fs.writeFileSync(path.join(sdk, "package.json"), "{}");
}
