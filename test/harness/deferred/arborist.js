/**
 * @npmcli/arborist, loaded when the SDK first constructs one of its classes
 * (see ../jest-resolver.js). The SDK imports it with `__importStar`, which
 * copies the module's keys at import time, so the keys are listed here and
 * each value stands in for the class until then. `deferred.test.ts` checks
 * the list against the installed package.
 */
let arborist;
const load = () => (arborist ??= require("@npmcli/arborist"));

const EXPORTS = ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"];

/** A constructor that is the package's class `name` in every use, loaded on the first. */
function deferredClass(name) {
  const real = () => load()[name];
  const deferred = new Proxy(function () {}, {
    construct: (_, args, newTarget) => Reflect.construct(real(), args, newTarget === deferred ? real() : newTarget),
    apply: (_, self, args) => Reflect.apply(real(), self, args),
    get: (_, key) => real()[key],
    has: (_, key) => key in real(),
  });
  return deferred;
}

module.exports = Object.fromEntries(EXPORTS.map((name) => [name, deferredClass(name)]));
