export * from "./container-repository";
export * from "./image-replication";
