// Modules of the Directus project the CLI runs in (knex, @directus/env, @directus/api's helpers): the CLI
// ships none of them, so it uses the very copies Directus runs with. Resolved as Directus resolves its own:
// from the project folder (the current one), then through the `directus` package and its @directus/api,
// which is where pnpm (the official Docker image) keeps them; last from this file's own place (the repo).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A missing host module: the CLI runs from a folder without Directus. */
export class HostModuleMissing extends Error {}

/**
 * @param {string} cwd
 * @returns {string[]}
 */
function bases(cwd) {
	const out = [join(cwd, 'package.json')];
	for (const via of ['directus/package.json', '@directus/api/package.json']) {
		try {
			out.push(createRequire(/** @type {string} */ (out.at(-1))).resolve(via));
		} catch {
			/* not installed there: the next base */
		}
	}
	out.push(import.meta.url);
	return out;
}

/**
 * `require(name)` (a CommonJS module such as knex) as the Directus project in `cwd` would resolve it; the caller
 * says what the module is.
 * @param {string} name
 * @param {string} [cwd]
 * @returns {unknown}
 */
export function hostRequire(name, cwd = process.cwd()) {
	return createRequire(import.meta.url)(resolveFrom(name, cwd));
}

/**
 * @param {string} name
 * @param {string} cwd
 * @returns {string}
 */
function resolveFrom(name, cwd) {
	for (const base of bases(cwd)) {
		try {
			return createRequire(base).resolve(name);
		} catch {
			/* not from there */
		}
	}
	throw new HostModuleMissing(
		`cannot find "${name}" from ${cwd}: run iu-cutter from your Directus 12 project folder (the one with its package.json, node_modules and .env), where "directus" is installed`,
	);
}

/** @type {Map<string, Promise<unknown>>} */
const loaded = new Map();

/**
 * `import(name)` as the Directus project in `cwd` would resolve it; the caller says what the module is.
 * @param {string} name
 * @param {string} [cwd]
 * @returns {Promise<unknown>}
 */
export function hostImport(name, cwd = process.cwd()) {
	const key = `${cwd}\0${name}`;
	if (!loaded.has(key)) {
		try {
			loaded.set(key, import(pathToFileURL(resolveFrom(name, cwd)).href));
		} catch (e) {
			return Promise.reject(e);
		}
	}
	return /** @type {Promise<unknown>} */ (loaded.get(key));
}
