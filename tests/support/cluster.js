// The harness lives in scripts/lib/cluster.js (npm start uses it too: scripts/ never imports tests/); the tests import it from here.
import { startCluster as start } from '../../scripts/lib/cluster.js';
import { withTestHash } from './directus.js';

export * from '../../scripts/lib/cluster.js';

/** scripts/lib/cluster.js's startCluster, its instances with the tests' password hash (support/directus.js). */
export function startCluster(options) {
	return start(withTestHash(options));
}
