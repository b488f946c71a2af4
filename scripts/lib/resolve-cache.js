// Loaded with `node --import` into the Directus processes our scripts start (startDirectus, `directus bootstrap`,
// scripts/lib/bootstrap.js's NODE_ARGS): where each import of node_modules resolved to, kept on disk and reused by
// the next process, so a start does not walk the same ~4 000 resolutions again.
//
// Why: of the CPU a Directus start takes (about 5 s on the 2-core machine), a quarter is Node's resolution —
// package.json lookups, `exports` maps, stat calls — and a start resolves the very same specifiers from the very
// same files every time. npm test starts Directus about 110 times. Measured (2026-11-26, one machine): a Directus
// on SQLite started, logged into and stopped 6 times, its process's CPU read from /proc: 5.3 CPU s a start
// without, 4.2 with.
//
// What is cached: a resolution made from a file inside this workspace's node_modules, to a file inside it or to a
// builtin, keyed by the import conditions (import and require differ), the importing file and the specifier; with
// the format Node found, so the load step does not look the package's "type" up again. Nothing of the extension
// (it is loaded from each instance's own folder) and nothing outside node_modules.
//
// When it is thrown away: the file holds the Node version and the size and time of node_modules/.package-lock.json,
// which npm writes at every install; another value, and the process starts with an empty cache. A process writes
// what it added a second after it added it (Directus ends on a signal, so there is no exit to wait for), merged with
// what the file holds then, by rename: processes side by side never read half a file.
//
// Also in every process of scripts/test-pool.js's test files (NODE_OPTIONS there): the tests' own processes and the
// CLIs they run (migrate, backup: each loads knex and the database driver from node_modules).
import { registerHooks } from 'node:module';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

const FILE = process.env.IU_RESOLVE_CACHE;
const MODULES = new URL('../../node_modules/', import.meta.url).href;

function stampOf() {
	const lock = statSync(new URL('.package-lock.json', MODULES), { throwIfNoEntry: false });
	return lock ? `${process.version} ${lock.size} ${lock.mtimeMs}` : null;
}

function load(stamp) {
	try {
		const saved = JSON.parse(readFileSync(FILE, 'utf8'));
		if (saved.stamp === stamp) return new Map(saved.entries);
	} catch {
		/* none yet, or unreadable: start empty */
	}
	return new Map();
}

const stamp = FILE ? stampOf() : null;
if (stamp) {
	const resolved = load(stamp);
	let added = false;
	let timer;
	const save = () => {
		timer = undefined;
		if (!added) return;
		added = false;
		const scratch = `${FILE}.${process.pid}.tmp`;
		try {
			// What processes side by side wrote meanwhile stays: theirs, then ours.
			const entries = new Map([...load(stamp), ...resolved]);
			writeFileSync(scratch, JSON.stringify({ stamp, entries: [...entries] }));
			renameSync(scratch, FILE);
		} catch {
			/* a cache: the next process resolves again */
		}
	};
	registerHooks({
		resolve(specifier, context, nextResolve) {
			const parent = context.parentURL;
			if (!parent?.startsWith(MODULES)) return nextResolve(specifier, context);
			const key = `${context.conditions?.join(',')}|${parent}|${specifier}`;
			const hit = resolved.get(key);
			if (hit) return { url: hit[0], format: hit[1] ?? undefined, shortCircuit: true };
			const result = nextResolve(specifier, context);
			if (result.url.startsWith(MODULES) || result.url.startsWith('node:')) {
				resolved.set(key, [result.url, result.format ?? null]);
				added = true;
				timer ??= setTimeout(save, 1000).unref();
			}
			return result;
		},
	});
	process.on('exit', save);
}
