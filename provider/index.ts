import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as components from "../components";
import { PlatformProvider } from "./provider";

/**
 * The multi-language package's name: resource types are `platform:index:<Class>`
 * and generated SDKs are named after it (`pulumi_platform` in Python). It is the
 * prefix every component's own type token already has.
 */
export const PACKAGE_NAME = "platform";

/** Every component the package root exports is in the multi-language package. */
const PUBLIC_COMPONENTS = getPulumiComponents(components);

export function platformProvider(): PlatformProvider {
  return new PlatformProvider(PACKAGE_NAME, PUBLIC_COMPONENTS);
}
