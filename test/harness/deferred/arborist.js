/** @npmcli/arborist, loaded when the SDK first constructs one of its classes (../jest-resolver.js, scripts/bundled/deferred.js). */
const { SDK_DEFERRED_IMPORTS } = require("../../../scripts/bundled/deferred");

module.exports = SDK_DEFERRED_IMPORTS["@npmcli/arborist"](() => require("@npmcli/arborist"));
