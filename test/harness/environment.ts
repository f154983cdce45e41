/**
 * Restores the named environment variables after each test of the enclosing `describe` block (or file)
 * to the values they had when this was called, removing those that were unset; returns those values.
 */
export function restoreEnvironmentAfterEach(...names: string[]): Readonly<Record<string, string | undefined>> {
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  return saved;
}
