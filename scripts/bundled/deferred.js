/**
 * Modules that load on first use. `@pulumi/pulumi` requires TypeScript
 * (runtime/closure/parseFunction.js, through typescript-shim.js) and
 * @npmcli/arborist (runtime/closure/codePaths.js) as it loads, for closure
 * serialization (`pulumi.runtime.serializeFunction`, `computeCodePaths`),
 * which neither the preview nor the tests call: about 0.9 s of the SDK's
 * 1.5 s load on this machine. The launcher (run.js) and the jest resolver
 * (test/harness/jest-resolver.js) hand the SDK these stand-ins, which load
 * the real package the first time anything reads from them.
 *
 * Plain CommonJS: the launcher loads it before anything can load TypeScript.
 */

/** `load()`, called on the first call only. */
function once(load) {
  let loaded;
  return () => (loaded ??= load());
}

/** A module object (such as TypeScript's namespace) that is `load()`'s in every read. */
function deferredModule(load) {
  const real = once(load);
  return new Proxy(
    {},
    {
      get: (_, key) => real()[key],
      has: (_, key) => key in real(),
      ownKeys: () => Reflect.ownKeys(real()),
      // Reported configurable: the proxy's empty target cannot stand behind a non-configurable property.
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

/** @npmcli/arborist's exports; `test/reliability/deferred-sdk-imports.test.ts` checks them against the installed package. */
const ARBORIST_EXPORTS = ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"];

/**
 * A module of classes, each loaded on first use. The SDK imports arborist
 * with `__importStar`, which copies the module's keys when it loads, so the
 * keys are listed and each value is a constructor standing in for the class.
 */
function deferredClasses(load, names) {
  const real = once(load);
  const deferredClass = (name) => {
    const constructor = new Proxy(function () {}, {
      construct: (_, args, newTarget) => Reflect.construct(real()[name], args, newTarget === constructor ? real()[name] : newTarget),
      apply: (_, self, args) => Reflect.apply(real()[name], self, args),
      get: (_, key) => real()[name][key],
      has: (_, key) => key in real()[name],
    });
    return constructor;
  };
  return Object.fromEntries(names.map((name) => [name, deferredClass(name)]));
}

/**
 * What the SDK's closure-serialization imports resolve to: package name, and
 * the stand-in given a loader of the real package. Under jest each has a
 * module of its own, test/harness/deferred/<last part of the name>.js.
 */
const SDK_DEFERRED_IMPORTS = {
  typescript: (load) => deferredModule(load),
  "@npmcli/arborist": (load) => deferredClasses(load, ARBORIST_EXPORTS),
};

module.exports = { SDK_DEFERRED_IMPORTS };
