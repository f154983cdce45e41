export * from "./estimate";
export * from "./policy-resources";
export * from "./prices";
export * from "./rule";
export * from "./types";
export * from "./usage";
