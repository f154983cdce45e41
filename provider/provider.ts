import * as pulumi from "@pulumi/pulumi";
import { ConstructResult } from "@pulumi/pulumi/provider";
import { ComponentProvider, ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { AnalyzeResult } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema, PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import * as fs from "fs";
import * as path from "path";
import { SchemaAnalyzer } from "./analyzer";

/** The repository root: package.json (name, version, description) and PulumiPlugin.yaml. */
const PACKAGE_ROOT = path.resolve(__dirname, "..");
/** Where the analyzer reads the components: components/tsconfig.json (also the build's) and components/index.ts. */
const COMPONENTS_DIR = path.join(PACKAGE_ROOT, "components");

/**
 * Pulumi's component provider for TypeScript (`ComponentProvider` from
 * @pulumi/pulumi/provider/experimental) with the schema inferred by
 * {@link SchemaAnalyzer}. `componentProviderHost` is `main(new
 * ComponentProvider(options), args)` (provider.js in 3.248); the package entry
 * (`index.ts`) does the same with this subclass, because the stock provider
 * builds its schema with the stock analyzer, which rejects `readonly` arrays,
 * literal unions and `Record`s and drops `@default`.
 *
 * Resource types are `<name>:index:<Class>`, as the provider requires
 * (`ComponentProvider.validateResourceType`). The components keep registering
 * their own types (`platform:network:Vpc`), which every existing stack's URNs
 * contain; the engine takes the URN that Construct returns as the component's
 * (pulumi/pulumi pkg/resource/deploy/source_eval.go: `RegisterResult{State:
 * &resource.State{URN: constructResult.URN, ...}}`).
 */
export class PlatformProvider extends ComponentProvider {
  private analysis?: AnalyzeResult & { typeDescriptions: Record<string, string> };

  constructor(name: string, components: ComponentResourceConstructor[]) {
    super({ name, components, dirname: PACKAGE_ROOT });
  }

  override async getSchema(): Promise<string> {
    return JSON.stringify(this.packageSchema());
  }

  /** The package schema: every component with its inputs and outputs, and the object and enum types they use. */
  packageSchema(): PackageSpec {
    const { components, typeDefinitions, dependencies, typeDescriptions } = this.analyze();
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"));
    const schema = generateSchema(this.options.name, this.version, manifest.description, components, typeDefinitions, dependencies, this.options.namespace);
    // generateSchema leaves type descriptions out.
    for (const [name, description] of Object.entries(typeDescriptions)) {
      const type = schema.types[`${this.options.name}:index:${name}`];
      if (type) type.description = description;
    }
    return schema;
  }

  override async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    ComponentProvider.validateResourceType(this.options.name, type);
    const className = type.split(":")[2];
    const component = this.options.components.find((c) => c.name === className);
    const definition = this.analyze().components[className];
    if (!component || !definition) throw new Error(`${this.options.name} has no component ${className}`);
    const instance = new component(name, inputs, options) as unknown as Record<string, unknown>;
    const state = Object.fromEntries(Object.keys(definition.outputs).map((output) => [output, instance[output]]));
    return { urn: (instance as unknown as pulumi.ComponentResource).urn, state: state as pulumi.Inputs };
  }

  private analyze(): AnalyzeResult & { typeDescriptions: Record<string, string> } {
    if (!this.analysis) {
      const analyzer = new SchemaAnalyzer(COMPONENTS_DIR, this.options.name, { main: "index.ts" }, new Set(this.options.components.map((c) => c.name)));
      this.analysis = { ...analyzer.analyze(), typeDescriptions: analyzer.typeDescriptions };
    }
    return this.analysis;
  }
}
