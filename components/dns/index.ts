export * from "./failover-records";
