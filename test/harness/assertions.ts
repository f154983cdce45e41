/**
 * The list, after failing the test when it is empty: an assertion over every
 * item of an empty list (`.every`, a `for ... of` loop) passes on nothing, so
 * a test that lost its subject would still pass.
 */
export function nonEmpty<T>(items: readonly T[], what: string): readonly T[] {
  if (items.length === 0) throw new Error(`expected at least one ${what}, found none`);
  return items;
}
