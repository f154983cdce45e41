/** TypeScript, loaded when the SDK first reads from it (../jest-resolver.js, scripts/bundled/deferred.js). */
const { SDK_DEFERRED_IMPORTS } = require("../../../scripts/bundled/deferred");

module.exports = SDK_DEFERRED_IMPORTS.typescript(() => require("typescript"));
