export * from "./cache";
export * from "./cache-args";
