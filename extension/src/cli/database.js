// Which database a command works on, and a knex connection to it.
//
// As Directus reads it (`databaseOf`): the DB_* variables of the process and of the project's config
// file (`.env` in the current folder, or CONFIG_PATH), through the project's own @directus/env and
// @directus/api's getConfigFromEnv('DB_'), so DB_CLIENT, DB_FILENAME, DB_HOST, DB_PORT, DB_DATABASE,
// DB_USER, DB_PASSWORD (and *_FILE), DB_CONNECTION_STRING, DB_SEARCH_PATH and DB_SSL__* mean what they
// mean to Directus. Or `--db`:
//   --db sqlite:/path/to/data.db
//   --db postgres://user:password@127.0.0.1:5432/name
// iu-cutter runs on SQLite and PostgreSQL only.
import { resolve } from 'node:path';
import { hostImport, hostRequire } from './host.js';

/** Bad usage or settings: the command prints the message and exits 2. */
export class UsageError extends Error {}

/** @typedef {import('knex').Knex} Knex */
/** @typedef {{ client: 'sqlite3', filename: string }} SqliteDatabase */
/**
 * `ssl` and `searchPath` are Directus' DB_SSL__* and DB_SEARCH_PATH, passed to knex as Directus read them.
 * @typedef {{ client: 'pg', host: string, port: number, database: string, user: string, password: string, ssl?: Ssl, searchPath?: SearchPath }} PgDatabase
 */
/** @typedef {import('knex').Knex.PgConnectionConfig['ssl']} Ssl */
/** @typedef {string | readonly string[]} SearchPath */
/** A database a command works on. @typedef {SqliteDatabase | PgDatabase} Database */

/** @param {unknown} c */
const isPgClient = (c) => c === 'pg' || c === 'postgres' || c === 'postgresql';

/**
 * `--db <spec>` as a database, or undefined when there is none.
 * @param {string | undefined} spec
 * @returns {Database | undefined}
 */
export function databaseFromSpec(spec) {
	if (spec === undefined) return undefined;
	if (spec.startsWith('sqlite:')) return { client: 'sqlite3', filename: resolve(spec.slice('sqlite:'.length)) };
	if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) return pgFromUrl(spec);
	throw new UsageError(`--db ${spec}: expected sqlite:<file> or postgres://user:password@host:port/database`);
}

/**
 * @param {string} spec
 * @returns {PgDatabase}
 */
function pgFromUrl(spec) {
	const u = new URL(spec);
	return {
		client: 'pg',
		host: u.hostname,
		port: Number(u.port || 5432),
		database: decodeURIComponent(u.pathname.slice(1)),
		user: decodeURIComponent(u.username),
		password: decodeURIComponent(u.password),
	};
}

/**
 * @param {string[]} argv
 * @param {string} name
 * @returns {string | undefined}
 */
const argOf = (argv, name) => {
	const i = argv.indexOf(name);
	if (i < 0) return undefined;
	const value = argv[i + 1];
	if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
	return value;
};

/**
 * `--db`, else the plain process variables (DB_CLIENT …), else `fallback` (a database object). Synchronous and
 * without the project's config file: for tests and the repository's own tools.
 * @param {string[]} [argv]
 * @param {Record<string, string | undefined>} [env]
 * @param {Database} [fallback]
 * @returns {Database}
 */
export function databaseFrom(argv = process.argv.slice(2), env = process.env, fallback = undefined) {
	const given = databaseFromSpec(argOf(argv, '--db'));
	if (given) return given;
	// An unset DB_DATABASE or DB_USER stays unset, as before: the driver names what is missing.
	if (isPgClient(env['DB_CLIENT']))
		return {
			client: 'pg',
			host: env['DB_HOST'] ?? '127.0.0.1',
			port: Number(env['DB_PORT'] ?? 5432),
			database: /** @type {string} */ (env['DB_DATABASE']),
			user: /** @type {string} */ (env['DB_USER']),
			password: env['DB_PASSWORD'] ?? '',
		};
	if (env['DB_CLIENT'] === 'sqlite3' || env['DB_FILENAME']) return { client: 'sqlite3', filename: resolve(env['DB_FILENAME'] ?? 'data.db') };
	if (fallback) return fallback;
	throw new UsageError('no database named: set DB_CLIENT and the other DB_* variables as for Directus, or pass --db');
}

/**
 * The database as Directus in the current folder would open it: `--db`, else its settings (process variables
 * and its config file). `fallback` (a database object) when none is set; without one, a UsageError that says
 * what to do.
 * @param {string[]} argv
 * @param {{ fallback?: Database, cwd?: string }} [options]
 * @returns {Promise<Database>}
 */
export async function databaseOf(argv, { fallback, cwd = process.cwd() } = {}) {
	const given = databaseFromSpec(argOf(argv, '--db'));
	if (given) return given;
	const config = await directusDbConfig(cwd);
	if (!config.client) {
		if (fallback) return fallback;
		throw new UsageError(
			`DB_CLIENT is not set: run iu-cutter from your Directus project folder (where its .env is, or set CONFIG_PATH), with the DB_* variables Directus uses, or pass --db sqlite:<file> | --db postgres://user:password@host:port/database`,
		);
	}
	return fromDirectusConfig(config, cwd);
}

/**
 * Directus' own reading of the DB_* settings, with the project's packages.
 * @param {string} cwd
 * @returns {Promise<Record<string, unknown>>}
 */
async function directusDbConfig(cwd) {
	// @directus/api's utils/get-config-from-env, as that module exports it.
	const { getConfigFromEnv } = /** @type {{ getConfigFromEnv(prefix: string, options: { omitPrefix: string }): Record<string, unknown> }} */ (
		await hostImport('@directus/api/utils/get-config-from-env', cwd)
	);
	return getConfigFromEnv('DB_', { omitPrefix: 'DB_EXCLUDE_TABLES' });
}

/**
 * getConfigFromEnv('DB_') (camel-cased keys) as one of our database objects.
 * @param {Record<string, unknown>} config
 * @param {string} [cwd]
 * @returns {Database}
 */
export function fromDirectusConfig(config, cwd = process.cwd()) {
	const { client, version, searchPath, connectionString, pool, excludeTables, ...connection } = config;
	if (client === 'sqlite3') {
		if (!connection['filename']) throw new UsageError('DB_CLIENT is sqlite3 but DB_FILENAME is not set (Directus needs it too)');
		return { client: 'sqlite3', filename: resolve(cwd, String(connection['filename'])) };
	}
	if (isPgClient(client)) {
		/** As Directus has them, checked below and then made text. @type {{ client: 'pg', host: unknown, port: number, database: unknown, user: unknown, password: unknown, ssl?: Ssl, searchPath?: SearchPath }} */
		const db = connectionString
			? pgFromUrl(String(connectionString))
			: {
					client: 'pg',
					host: connection['host'] ?? '127.0.0.1',
					port: Number(connection['port'] ?? 5432),
					database: connection['database'],
					user: connection['user'],
					password: connection['password'] ?? '',
				};
		for (const need of /** @type {const} */ (['host', 'database', 'user']))
			if (!db[need]) throw new UsageError(`DB_CLIENT is ${client} but DB_${need.toUpperCase()} is not set (Directus needs it too)`);
		// Passed to knex as Directus reads them (DB_SSL__*, DB_SEARCH_PATH), as Directus passes them.
		if (connection['ssl'] !== undefined) db.ssl = /** @type {Ssl} */ (connection['ssl']);
		if (searchPath !== undefined) db.searchPath = /** @type {SearchPath} */ (searchPath);
		return { ...db, host: String(db.host), database: String(db.database), user: String(db.user), password: String(db.password) };
	}
	throw new UsageError(`DB_CLIENT is ${client}: iu-cutter runs on SQLite (sqlite3) and PostgreSQL (pg) only`);
}

/**
 * A knex connection (the project's knex) to `db`.
 * @param {Database} db
 * @returns {Knex}
 */
export function connect(db) {
	const knex = /** @type {typeof import('knex').knex} */ (hostRequire('knex'));
	return db.client === 'sqlite3'
		? knex({ client: 'sqlite3', connection: { filename: db.filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
		: knex({
				client: 'pg',
				connection: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, ...(db.ssl !== undefined ? { ssl: db.ssl } : {}) },
				...(db.searchPath !== undefined ? { searchPath: db.searchPath } : {}),
				pool: { min: 0, max: 2 },
			});
}

/**
 * A printable name that never shows a password.
 * @param {Database} db
 * @returns {string}
 */
export function describeDb(db) {
	return db.client === 'sqlite3' ? `SQLite ${db.filename}` : `PostgreSQL ${db.user}@${db.host}:${db.port}/${db.database}`;
}
