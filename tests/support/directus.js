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

/**
 * The tests' instances run V8 on their main thread alone (`--single-threaded`: no concurrent garbage collection or
 * compilation threads). On the 2-core machine of CI, where three test files run at once, those threads only
 * competed with the other files' processes, and cost more in all than the main thread doing the same work: the
 * Directus processes of governance, resolve, operations, bigdoc and amend on SQLite, three runs each, alternating,
 * 152, 145, 158 CPU s with them and 139, 134, 151 without (2026-11-26). The flag changes when V8 collects and
 * compiles, nothing the code does; npm start, the benchmarks and the install test keep Node's defaults.
 */
export const TEST_NODE_FLAGS = ['--single-threaded'];

/**
 * A start's options with TEST_PASSWORD_HASH in its env (unless the test sets its own) and TEST_NODE_FLAGS (unless
 * it passes its own nodeFlags); support/cluster.js too.
 */
export const withTestSettings = (options) => ({ ...options, nodeFlags: options.nodeFlags ?? TEST_NODE_FLAGS, env: { ...TEST_PASSWORD_HASH, ...options.env } });

/** scripts/lib/directus.js's startDirectus, with the tests' settings (above). */
export function startDirectus(options) {
	return start(withTestSettings(options));
}
