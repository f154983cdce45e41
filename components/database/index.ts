export * from "./database";
export * from "./database-args";
export * from "./instance-classes";
export * from "./source";
