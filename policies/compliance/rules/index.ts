// Every rule module of the compliance pack. The pack selects its policies from
// these modules' exports by their `pack` metadata; a test fails when a module
// in this folder is missing here.
export * as alb from "./alb";
export * as cost from "./cost";
export * as elasticache from "./elasticache";
export * as observability from "./observability";
export * as rds from "./rds";
export * as tags from "./tags";
