export * from "./catalogue";
export * from "./dashboard";
export * from "./monitoring";
export * from "./settings";
export * from "./slo";
export * from "./topics";
export * from "./validation";
export * from "./docs";
