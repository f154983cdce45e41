export * from "./rules";
export * from "./web-acl";
