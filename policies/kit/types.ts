/** A value inside resource properties: untyped JSON as the engine sends it, so policies read it defensively. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
/** Resource properties (inputs for resource policies, outputs for stack policies). */
export type Props = Record<string, Json>;
