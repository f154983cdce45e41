export * from "./blue-green-service";
export * from "./cluster";
export * from "./constants";
export * from "./container-definition";
export * from "./fargate-size";
export * from "./native-deployment";
export * from "./scaling";
export * from "./task-roles";
