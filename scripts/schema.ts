/**
 * `npm run schema`: prints the multi-language package's schema, inferred from
 * the components' TypeScript as `pulumi package add` infers it (index.ts).
 */
import { platformProvider } from "../provider";

process.stdout.write(`${JSON.stringify(platformProvider().packageSchema(), null, 2)}\n`);
