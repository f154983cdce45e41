import { ConfigError, parsePlatformConfig } from "../../stacks/config";

/** The smallest valid stack configuration: the two required keys. */
export const MINIMAL_CONFIG: Readonly<Record<string, string>> = { "platform:environment": "dev", "aws:region": "eu-west-1" };

/** The problems `parsePlatformConfig` reports for raw config, or [] when it is valid; any other error propagates. */
export function configProblems(raw: Readonly<Record<string, string>>): readonly string[] {
  try {
    parsePlatformConfig(raw, "test");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
