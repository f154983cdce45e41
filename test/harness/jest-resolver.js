/**
 * Jest's module resolution, except that two packages the Pulumi SDK imports
 * only to serialize closures (`pulumi.runtime.serializeFunction`, which
 * nothing here calls) resolve, for the SDK alone, to modules that load the
 * real package on first use (`deferred/`, made by scripts/bundled/deferred.js,
 * which the preview's launcher uses too). The SDK loads both eagerly:
 * TypeScript for parseFunction.js and @npmcli/arborist for codePaths.js,
 * together about 0.9 s of its 1.5 s, and jest loads the SDK once per test file.
 */
const path = require("path");
const { SDK_DEFERRED_IMPORTS } = require("../../scripts/bundled/deferred");

const SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

module.exports = (request, options) => {
  if (Object.hasOwn(SDK_DEFERRED_IMPORTS, request) && `${options.basedir}${path.sep}`.includes(SDK)) {
    return path.join(__dirname, "deferred", `${path.posix.basename(request)}.js`);
  }
  return options.defaultResolver(request, options);
};
