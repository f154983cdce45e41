import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "bin/**", "dist/**", "policies/*/node_modules/**", "coverage/**", ".stryker-tmp/**", "reports/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "LogicalExpression[operator='||'] > CallExpression[callee.property.name=/^(get|getNumber|getBoolean|getObject)$/]",
          message: "Use ?? for config defaults: || turns a configured 0 or false into the default.",
        },
      ],
    },
  },
  {
    // @pulumi/aws's root module loads all of its ~280 services; the library loads the ones it uses.
    files: ["components/**/*.ts", "stacks/**/*.ts", "scripts/**/*.ts"],
    ignores: ["components/internal/aws.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@pulumi/aws", message: "Import components/internal/aws (the services this library uses, loaded one by one); add a service there if it is missing." }] },
      ],
    },
  },
  {
    // Tests and the harness inspect captured resource inputs, which are untyped JSON.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // A plain Node.js program of a package consumer: CommonJS on purpose, as compiled Pulumi programs are.
    files: ["test/package/consumer/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { module: "writable", require: "readonly", process: "readonly", __dirname: "readonly", __filename: "readonly", console: "readonly", setImmediate: "readonly" } },
  },
  {
    // Plain CommonJS that runs as is elsewhere (the synthetic probe's script runs in a Lambda runtime).
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
