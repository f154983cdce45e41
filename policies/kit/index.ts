export * from "./exemptions";
export * from "./frameworks";
export * from "./helpers";
export * from "./iam-documents";
export * from "./kubernetes";
export * from "./policy";
export * from "./select";
export * from "./unknowns";
