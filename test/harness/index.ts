export * from "./assertions";
export * from "./capture";
export * from "./mocks";
export * from "./run";
export * from "./stack-config";
export * from "./config";
export * from "./engine-mode";
