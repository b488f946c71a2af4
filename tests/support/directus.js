// The harness lives in scripts/lib/directus.js (npm start uses it too: scripts/ never imports tests/); the tests import it from here.
import { startDirectus as start } from '../../scripts/lib/directus.js';

export * from '../../scripts/lib/directus.js';

/**
 * The password hash of the tests' instances: argon2id as always, at the cost parameters of a test run (4 MiB,
 * one pass, one lane; Directus' own HASH_* options). With argon2's defaults (64 MiB, 3 passes, 4 lanes) every
 * user a test creates and every login cost a third of a CPU second: a test that sets up the workflow's five
 * people paid seconds before its first assertion. Tests use fast password hashes for the same reason Django's
 * documentation recommends them; npm start and the install test (tests/install: docs/INSTALL.md followed
 * literally) keep Directus' defaults.
 */
export const TEST_PASSWORD_HASH = { HASH_MEMORY_COST: '4096', HASH_TIME_COST: '1', HASH_PARALLELISM: '1' };

/** A start's options with TEST_PASSWORD_HASH in its env, unless the test sets its own (support/cluster.js too). */
export const withTestHash = (options) => ({ ...options, env: { ...TEST_PASSWORD_HASH, ...options.env } });

/** scripts/lib/directus.js's startDirectus, with TEST_PASSWORD_HASH. */
export function startDirectus(options) {
	return start(withTestHash(options));
}
