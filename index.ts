/**
 * Entry of the multi-language component package (PulumiPlugin.yaml).
 * `pulumi package add <this repository>` installs the dependencies, then Pulumi's
 * Node.js plugin host requires this folder with ts-node registered
 * (@pulumi/pulumi/cmd/run-plugin); package.json has no `main`, so Node loads
 * this file. It serves the components through Pulumi's component provider; the
 * CLI reads the schema from it and generates the SDK for the consumer's language.
 *
 * npm consumers never load this file: package.json `exports` points them at the
 * compiled components (dist/).
 */
// The aws package's root module registers its provider and every resource module, so a provider or resource
// a caller in another language passes in arrives as an object rather than a bare URN (@pulumi/pulumi
// runtime/rpc.js deserializeProperty falls back to the URN or id when nothing is registered). The components
// themselves load only the services they use (components/internal/aws.ts).
import "@pulumi/aws";
import { main } from "@pulumi/pulumi/provider";
import { platformProvider } from "./provider";

void main(platformProvider(), process.argv.slice(2));
