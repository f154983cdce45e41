/**
 * The Pulumi program (`main: stacks/` in Pulumi.yaml). The CLI calls the
 * exported function and uses its result as the stack outputs; tests and the
 * offline preview call it the same way under the mock runtime.
 */
import { loadPlatformConfig } from "./config";
import { createPlatform } from "./program";

export = async () => createPlatform(loadPlatformConfig());
