export * from "./access-log-bucket";
export * from "./certificate";
export * from "./weighted-load-balancer";
export * from "./response-headers";
