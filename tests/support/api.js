// A small client for Directus' REST API: the CLI's (extension/src/cli/api.js), used by the demo seed and the tests.
export { client } from '../../extension/src/cli/api.js';
