import {
  AnalyzeResult,
  Analyzer,
  ComponentDefinition,
  InputOutput,
  PropertyDefinition,
  TypeDefinition,
} from "@pulumi/pulumi/provider/experimental/analyzer";
import * as ts from "typescript";

/**
 * Pulumi's schema inference for TypeScript components (the `Analyzer` behind
 * `componentProviderHost` in @pulumi/pulumi/provider/experimental, 3.248),
 * taught the TypeScript these components are written in. Read from
 * node_modules/@pulumi/pulumi/provider/experimental/analyzer.js: it accepts
 * string, number, boolean, `T[]`, string-keyed maps, `Input<T>`, `Output<T>`,
 * interfaces, `Partial`/`Required`, assets, archives, resources of @pulumi
 * packages, and enums declared with `enum` or an `as const` object; it throws on
 * everything else. This subclass adds, without changing what it already does:
 *
 * - `readonly T[]` and tuples: arrays.
 * - Unions of string (or number) literals such as `"none" | "single" | "perAz"`,
 *   `T | null` and literal types: enums named after their type alias (or
 *   `<Interface><Property>`), `T` optional, and the literal's primitive.
 * - Object types without a name: `Record<"blue" | "green", T>`, `Readonly<...>`,
 *   inline `{ ... }` and intersections, as object types named `<Interface><Property>`.
 * - Unions of interfaces (`ColourDeployment | NativeDeployment`): `oneOf`, with a
 *   discriminator when the members share a literal property (`kind`).
 * - Providers (`aws.Provider`): `/<package>/v<version>/schema.json#/provider`, where
 *   the stock analyzer writes a resource token that does not exist.
 * - `pulumi.Resource` (any resource, for `dependsOn`-style arguments): `Any`. A
 *   component of this package as an argument is refused with a message: another
 *   language can only pass its outputs.
 * - Descriptions: the whole JSDoc text with `{@link}`s resolved, plus the
 *   `@default` tag (`Default: ...`), which the stock analyzer drops; type descriptions.
 * - Outputs: only public members of a component are outputs (the stock analyzer
 *   also reads private fields).
 *
 * Defaults go into descriptions, not into the schema's `default`: generated SDKs
 * send a schema default as if the user had set it, and the components' own `??`
 * defaults (some of which depend on other arguments) would no longer apply.
 */
export class SchemaAnalyzer extends (Analyzer as unknown as AnalyzerConstructor) {
  /** Descriptions of the object and enum types in the schema, by type name. */
  readonly typeDescriptions: Record<string, string> = {};

  override analyzeComponent(node: ts.ClassDeclaration): ComponentDefinition | undefined {
    const definition = super.analyzeComponent(node);
    const symbol = node.name && this.checker.getSymbolAtLocation(node.name);
    if (definition && symbol) definition.description = documentation(symbol, this.checker) || undefined;
    return definition;
  }

  override analyzeSymbols(context: TypeContext, symbols: ts.Symbol[]): Record<string, PropertyDefinition> {
    // A component's outputs are its public members; the stock analyzer would also list private fields.
    const isClassMembers = context.inputOutput === InputOutput.Output && context.typeName === undefined;
    return super.analyzeSymbols(context, isClassMembers ? symbols.filter(isPublicMember) : symbols);
  }

  override analyzeSymbol(context: TypeContext, symbol: ts.Symbol): PropertyDefinition {
    // Properties of mapped types (`Record<"blue" | "green", T>`) have no declaration of their own.
    const declaration = symbol.valueDeclaration;
    const type = declaration ? this.checker.getTypeOfSymbolAtLocation(symbol, declaration) : this.checker.getTypeOfSymbol(symbol);
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
    const description = documentation(symbol, this.checker);
    return this.analyzeType({ ...context, node: declaration ?? context.node }, type, declaration ?? context.node!, optional, description || undefined);
  }

  override analyzeType(context: TypeContext, type: ts.Type, location: ts.Node, optional = false, docString?: string): PropertyDefinition {
    const symbol = type.getSymbol();
    if (type.isClassOrInterface() && symbol) this.recordDescription(symbol.name, symbol);
    if (symbol && type.isClass() && PULUMI_RESOURCE_BASES.includes(symbol.name) && isPulumiSdkSymbol(symbol)) {
      // The SDKs send a resource reference; the provider gets back a resource object for every package it has
      // loaded (@pulumi/pulumi runtime/rpc.js, deserializeProperty), which dependsOn takes.
      const any: PropertyDefinition = { $ref: "pulumi.json#/Any" };
      if (optional) any.optional = true;
      if (docString) any.description = docString;
      return any;
    }
    if (symbol && type.isClass() && this.isOwnComponent(type)) {
      throw new Error(`${describeContext(context)} takes the component ${symbol.name} itself; another language can only pass its outputs, so take an interface of what is used`);
    }
    try {
      const property = super.analyzeType(context, type, location, optional, docString);
      // A provider's type token is `<package>`, which the stock analyzer turns into `#/resources/<package>`; providers are `#/provider`.
      const ref = refOf(property);
      if (ref && /schema\.json#\/resources\/[^:]+$/.test(ref)) return { ...property, $ref: ref.replace(/#\/resources\/[^:]+$/, "#/provider") };
      return property;
    } catch (unsupported) {
      // Only types the stock analyzer gives up on reach the cases below; nested types come back through this method.
      const property = this.analyzeTypeScriptIdiom(context, type, location, optional, docString);
      if (property) return property;
      throw unsupported;
    }
  }

  private analyzeTypeScriptIdiom(context: TypeContext, type: ts.Type, location: ts.Node, optional: boolean, docString?: string): PropertyDefinition | undefined {
    const makeProperty = (property: PropertyDefinition): PropertyDefinition => {
      if (optional) property.optional = true;
      if (context.inputOutput === InputOutput.Neither) property.plain = true;
      if (docString) property.description = docString;
      return property;
    };
    if (type.isStringLiteral()) return makeProperty({ type: "string" });
    if (type.isNumberLiteral()) return makeProperty({ type: "number" });
    if (type.flags & ts.TypeFlags.BooleanLiteral) return makeProperty({ type: "boolean" });

    const item = this.readonlyArrayItem(type);
    if (item) {
      const itemContext = { ...context, property: `${context.property}[]`, inputOutput: context.inputOutput === InputOutput.Output ? InputOutput.Output : InputOutput.Neither };
      return makeProperty({ type: "array", items: this.analyzeType(itemContext, item, location) });
    }

    if (type.isUnion()) {
      const absent = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
      if (type.types.some((member) => member.flags & absent)) {
        return this.analyzeType(context, this.checker.getNonNullableType(type), location, true, docString);
      }
      const literals = type.types.every((member) => member.isStringLiteral()) || type.types.every((member) => member.isNumberLiteral());
      if (literals) {
        const name = this.enumName(context, type, location);
        this.defineEnum(name, type.types as ts.LiteralType[], type.aliasSymbol);
        return makeProperty({ $ref: this.typeRef(name) });
      }
      if (type.types.every((member) => member.isClassOrInterface())) return makeProperty(this.oneOf(context, type.types as ts.InterfaceType[], location));
      return undefined;
    }

    const isObject = (type.flags & ts.TypeFlags.Object) !== 0 || type.isIntersection();
    const symbol = type.getSymbol();
    const isLibraryClass = symbol !== undefined && (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0 && isLibrarySymbol(symbol);
    if (isObject && !isLibraryClass && type.getCallSignatures().length === 0 && type.getProperties().length > 0) {
      const alias = type.aliasSymbol && !isLibrarySymbol(type.aliasSymbol) ? type.aliasSymbol : undefined;
      const name = alias?.name ?? contextualName(context);
      if (!this.typeDefinitions[name]) {
        this.typeDefinitions[name] = { name, type: "object", properties: {} };
        if (alias) this.recordDescription(name, alias);
        const typeContext: TypeContext = {
          ...context,
          inputOutput: context.inputOutput === InputOutput.Output ? InputOutput.Output : InputOutput.Neither,
          typeName: name,
          isPartial: false,
          isRequired: false,
          node: location,
        };
        const properties = this.analyzeSymbols(typeContext, type.getProperties());
        if (context.isPartial) for (const p of Object.values(properties)) p.optional = true;
        this.typeDefinitions[name].properties = properties;
      }
      return makeProperty({ $ref: this.typeRef(name) });
    }
    return undefined;
  }

  /**
   * A union of interfaces (`ColourDeployment | NativeDeployment`): the schema's
   * `oneOf`, with a discriminator when every member has a string-literal property
   * of the same name (`kind`).
   */
  private oneOf(context: TypeContext, members: ts.InterfaceType[], location: ts.Node): PropertyDefinition {
    const refs = members.map((member) => refOf(this.analyzeType({ ...context, isPartial: false, isRequired: false }, member, location))!);
    const discriminator = members[0]
      .getProperties()
      .map((p) => p.name)
      .find((name) => members.every((member) => this.literalOf(member, name) !== undefined));
    const union = { oneOf: refs.map(($ref) => ({ $ref })) } as PropertyDefinition & { oneOf: unknown; discriminator?: unknown };
    if (discriminator) {
      union.discriminator = { propertyName: discriminator, mapping: Object.fromEntries(members.map((member, i) => [this.literalOf(member, discriminator), refs[i]])) };
    }
    return union;
  }

  private literalOf(type: ts.Type, property: string): string | undefined {
    const symbol = type.getProperty(property);
    const propertyType = symbol && this.checker.getTypeOfSymbol(symbol);
    return propertyType?.isStringLiteral() ? propertyType.value : undefined;
  }

  /** A class of ours (not of a package) that derives from ComponentResource. */
  private isOwnComponent(type: ts.InterfaceType): boolean {
    const declaration = type.getSymbol()?.declarations?.[0];
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return false;
    const derives = (t: ts.Type): boolean =>
      this.checker.getBaseTypes(t as ts.InterfaceType).some((base) => base.getSymbol()?.name === "ComponentResource" || derives(base));
    return derives(type);
  }

  /** The element type of `readonly T[]`, or of a tuple whose elements share one type. */
  private readonlyArrayItem(type: ts.Type): ts.Type | undefined {
    const args = this.checker.getTypeArguments(type as ts.TypeReference);
    if (type.getSymbol()?.name === "ReadonlyArray" && args.length === 1) return args[0];
    if (this.checker.isTupleType(type) && args.length > 0 && args.every((arg) => arg === args[0])) return args[0];
    return undefined;
  }

  /** The enum's name: its type alias, the type reference it was written as, or `<Interface><Property>`. */
  private enumName(context: TypeContext, type: ts.UnionType, location: ts.Node): string {
    if (type.aliasSymbol) return type.aliasSymbol.name;
    const written = ts.isPropertySignature(location) || ts.isPropertyDeclaration(location) ? location.type : undefined;
    const reference = written && ts.isArrayTypeNode(written) ? written.elementType : written && ts.isTypeOperatorNode(written) && ts.isArrayTypeNode(written.type) ? written.type.elementType : written;
    if (reference && ts.isTypeReferenceNode(reference) && !reference.typeArguments) return reference.typeName.getText().split(".").pop()!;
    return contextualName(context);
  }

  private defineEnum(name: string, members: ts.LiteralType[], alias?: ts.Symbol): void {
    const values = members.map((member) => member.value as string | number);
    const existing = this.typeDefinitions[name];
    if (existing) {
      const same = existing.enum && existing.enum.length === values.length && existing.enum.every((e) => values.includes(e.value));
      if (!same) throw new Error(`Two different types would both be named ${name} in the schema; give one of them a type alias of its own`);
      return;
    }
    this.typeDefinitions[name] = {
      name,
      type: typeof values[0] === "number" ? "number" : "string",
      enum: values.map((value) => ({ name: enumMemberName(value), value })),
    };
    if (alias) this.recordDescription(name, alias);
  }

  private typeRef(name: string): string {
    return `#/types/${this.providerName}:index:${name}`;
  }

  private recordDescription(name: string, symbol: ts.Symbol): void {
    const text = documentation(symbol, this.checker);
    if (text && !this.typeDescriptions[name]) this.typeDescriptions[name] = text;
  }
}

/** The stock analyzer's context for one property, plus the declaration it was read from. */
interface TypeContext {
  component: string;
  property?: string;
  inputOutput: InputOutput;
  typeName?: string;
  isPartial?: boolean;
  isRequired?: boolean;
  node?: ts.Node;
}

/** The members of the stock `Analyzer` this subclass uses; they are private in its declarations. */
interface AnalyzerInternals {
  readonly checker: ts.TypeChecker;
  readonly providerName: string;
  readonly typeDefinitions: Record<string, TypeDefinition>;
  analyze(): AnalyzeResult;
  analyzeComponent(node: ts.ClassDeclaration): ComponentDefinition | undefined;
  analyzeSymbols(context: TypeContext, symbols: ts.Symbol[]): Record<string, PropertyDefinition>;
  analyzeSymbol(context: TypeContext, symbol: ts.Symbol): PropertyDefinition;
  analyzeType(context: TypeContext, type: ts.Type, location: ts.Node, optional?: boolean, docString?: string): PropertyDefinition;
}

type AnalyzerConstructor = new (dir: string, name: string, packageJSON: Record<string, unknown>, componentNames: Set<string>) => AnalyzerInternals;

/** The classes every Pulumi resource derives from; an argument of one of these types takes any resource. */
const PULUMI_RESOURCE_BASES = ["Resource", "CustomResource", "ComponentResource", "ProviderResource"];

function isPulumiSdkSymbol(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => /[\\/]@pulumi[\\/]pulumi[\\/]resource\.d\.ts$/.test(d.getSourceFile().fileName));
}

function describeContext(context: TypeContext): string {
  return `component '${context.component}' property '${context.typeName ? `${context.typeName}.` : ""}${context.property}'`;
}

/** JSDoc text with links resolved, and the `@default` tag as `Default: ...`. */
function documentation(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const text = plainText(symbol.getDocumentationComment(checker));
  const defaultTag = symbol.getJsDocTags(checker).find((tag) => tag.name === "default");
  const defaultText = plainText(defaultTag?.text);
  if (!defaultText) return text;
  return text ? `${text}\n\nDefault: ${defaultText}` : `Default: ${defaultText}`;
}

function refOf(property: PropertyDefinition): string | undefined {
  return "$ref" in property ? property.$ref : undefined;
}

/** Display parts as text, `{@link Database.allowFrom}` as `Database.allowFrom`. */
function plainText(parts: ts.SymbolDisplayPart[] | undefined): string {
  return ts.displayPartsToString((parts ?? []).filter((part) => part.kind !== "link")).trim();
}

function isPublicMember(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  if (!declaration) return true;
  if (ts.isPropertyDeclaration(declaration) && ts.isPrivateIdentifier(declaration.name)) return false;
  return (ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

/** `Record`, `Readonly`, `Partial` and friends name no type of ours. */
function isLibrarySymbol(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => d.getSourceFile().hasNoDefaultLib || /[\\/]typescript[\\/]lib[\\/]/.test(d.getSourceFile().fileName));
}

/** `<Interface><Property>` in PascalCase: `WeightedLoadBalancerArgsStickiness`. */
function contextualName(context: TypeContext): string {
  return pascalCase(`${context.typeName ?? context.component} ${context.property ?? ""}`.replace(/\[\]/g, " item"));
}

/** A valid identifier for an enum value in every SDK: `ecr.api` → `EcrApi`, `TLS13-1-2` → `TLS13_1_2`, `60` → `Value60`. */
function enumMemberName(value: string | number): string {
  const name = pascalCase(String(value));
  return /^[A-Za-z]/.test(name) ? name : `Value${name}`;
}

/** Words capitalised and joined; a word starting with a digit is kept apart with `_`. */
function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9_]+/).filter(Boolean);
  return words.map((word, i) => (i > 0 && /^\d/.test(word) ? "_" : "") + word[0].toUpperCase() + word.slice(1)).join("");
}
