/** The TypeScript compiler, loaded when the SDK first reads from it (see ../jest-resolver.js). */
let typescript;
const load = () => (typescript ??= require("typescript"));

module.exports = new Proxy(
  {},
  {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    // Reported configurable: the proxy's empty target cannot stand behind a non-configurable property.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  },
);
