// The two steps that make a fresh database a Directus with iu-cutter: `directus bootstrap` and iu-cutter's
// gated migrations. startDirectus (./directus.js) runs them on a fresh database, or restores their result
// (./snapshot.js), which runs them once per Directus build and database client.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from '../../extension/src/cli/database.js';
import { ROOT } from './repo.js';

export const CLI = join(ROOT, 'node_modules/@directus/api/dist/cli/run.js');
/**
 * The resolve hooks of every Node process that loads Directus (and of scripts/test-pool.js's test files): date-fns'
 * modules resolved without re-reading its package.json (./date-fns-resolve.js), and node_modules' resolutions kept
 * from one process to the next (./resolve-cache.js; registered last, so asked first).
 */
export const NODE_HOOKS = ['date-fns-resolve.js', 'resolve-cache.js'].map((f) => pathToFileURL(join(ROOT, 'scripts/lib', f)).href);
/** Node's arguments before CLI: the hooks. */
export const NODE_ARGS = [
	...NODE_HOOKS.flatMap((hook) => ['--import', hook]),
	// IU_CPU_PROF=DIR: every Directus process writes a V8 CPU profile into DIR when it exits (where a test's CPU goes).
	...(process.env.IU_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.IU_CPU_PROF}`] : []),
];

/** `directus bootstrap`: the system tables, Directus' migrations and the admin of ADMIN_EMAIL / ADMIN_PASSWORD. */
export function bootstrap(env, cwd) {
	try {
		execFileSync(process.execPath, [...NODE_ARGS, CLI, 'bootstrap'], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
		throw new Error(`directus bootstrap failed:\n${e.stdout}\n${e.stderr}`, { cause: e });
	}
}

/**
 * iu-cutter's migrations through the gated runner; a refusal stops the start with the runner's report.
 * `upgrade`: the instance's own key and witness, which sign what iu0011's runner opens (a store from an
 * earlier release); a fresh store opens nothing.
 */
export async function runGatedMigrations(db, dir, upgrade) {
	const { applyPending, formatReport } = await import('../migrate.js');
	const k = connect(db.client === 'sqlite3' ? { client: 'sqlite3', filename: join(dir, 'data.db') } : { ...db, client: 'pg', password: db.password ?? '' });
	try {
		const result = await applyPending(k, { upgrade });
		if (!result.passed) throw new Error(formatReport('iu-cutter migrations refused', result));
	} finally {
		await k.destroy();
	}
}
