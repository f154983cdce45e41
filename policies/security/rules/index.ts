// Every rule module of the security pack. The pack selects its policies from
// these modules' exports by their `pack` metadata; a test fails when a module
// in this folder is missing here.
export * as alb from "./alb";
export * as ecs from "./ecs";
export * as eks from "./eks";
export * as eksNodeClasses from "./eks-node-classes";
export * as elasticache from "./elasticache";
export * as iam from "./iam";
export * as iamServicePrincipals from "./iam-service-principals";
export * as kms from "./kms";
export * as kubernetes from "./kubernetes";
export * as network from "./network";
export * as rds from "./rds";
export * as storage from "./storage";
export * as waf from "./waf";
export * as subnets from "./subnets";
