export * from "./switch-time";
export * from "./failover-records";
