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

const isPgClient = (c) => c === 'pg' || c === 'postgres' || c === 'postgresql';

/** `--db <spec>` as a database, or undefined when there is none. */
export function databaseFromSpec(spec) {
	if (spec === undefined) return undefined;
	if (spec.startsWith('sqlite:')) return { client: 'sqlite3', filename: resolve(spec.slice('sqlite:'.length)) };
	if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) return pgFromUrl(spec);
	throw new UsageError(`--db ${spec}: expected sqlite:<file> or postgres://user:password@host:port/database`);
}

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

const argOf = (argv, name) => {
	const i = argv.indexOf(name);
	if (i < 0) return undefined;
	if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) throw new UsageError(`${name} needs a value`);
	return argv[i + 1];
};

/**
 * `--db`, else the plain process variables (DB_CLIENT …), else `fallback` (a database object). Synchronous and
 * without the project's config file: for tests and the repository's own tools.
 */
export function databaseFrom(argv = process.argv.slice(2), env = process.env, fallback = undefined) {
	const given = databaseFromSpec(argOf(argv, '--db'));
	if (given) return given;
	if (isPgClient(env.DB_CLIENT))
		return { client: 'pg', host: env.DB_HOST ?? '127.0.0.1', port: Number(env.DB_PORT ?? 5432), database: env.DB_DATABASE, user: env.DB_USER, password: env.DB_PASSWORD ?? '' };
	if (env.DB_CLIENT === 'sqlite3' || env.DB_FILENAME) return { client: 'sqlite3', filename: resolve(env.DB_FILENAME ?? 'data.db') };
	if (fallback) return fallback;
	throw new UsageError('no database named: set DB_CLIENT and the other DB_* variables as for Directus, or pass --db');
}

/**
 * The database as Directus in the current folder would open it: `--db`, else its settings (process variables
 * and its config file). `fallback` (a database object) when none is set; without one, a UsageError that says
 * what to do.
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

/** Directus' own reading of the DB_* settings, with the project's packages. */
async function directusDbConfig(cwd) {
	const { getConfigFromEnv } = await hostImport('@directus/api/utils/get-config-from-env', cwd);
	return getConfigFromEnv('DB_', { omitPrefix: 'DB_EXCLUDE_TABLES' });
}

/** getConfigFromEnv('DB_') (camel-cased keys) as one of our database objects. */
export function fromDirectusConfig(config, cwd = process.cwd()) {
	const { client, version, searchPath, connectionString, pool, excludeTables, ...connection } = config;
	if (client === 'sqlite3') {
		if (!connection.filename) throw new UsageError('DB_CLIENT is sqlite3 but DB_FILENAME is not set (Directus needs it too)');
		return { client: 'sqlite3', filename: resolve(cwd, String(connection.filename)) };
	}
	if (isPgClient(client)) {
		const db = connectionString
			? pgFromUrl(String(connectionString))
			: {
					client: 'pg',
					host: connection.host ?? '127.0.0.1',
					port: Number(connection.port ?? 5432),
					database: connection.database,
					user: connection.user,
					password: connection.password ?? '',
				};
		for (const need of ['host', 'database', 'user']) if (!db[need]) throw new UsageError(`DB_CLIENT is ${client} but DB_${need.toUpperCase()} is not set (Directus needs it too)`);
		if (connection.ssl !== undefined) db.ssl = connection.ssl;
		if (searchPath !== undefined) db.searchPath = searchPath;
		return { ...db, host: String(db.host), database: String(db.database), user: String(db.user), password: String(db.password) };
	}
	throw new UsageError(`DB_CLIENT is ${client}: iu-cutter runs on SQLite (sqlite3) and PostgreSQL (pg) only`);
}

/** A knex connection (the project's knex) to `db`. */
export function connect(db) {
	const knex = hostRequire('knex');
	return db.client === 'sqlite3'
		? knex({ client: 'sqlite3', connection: { filename: db.filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
		: knex({
				client: 'pg',
				connection: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, ...(db.ssl !== undefined ? { ssl: db.ssl } : {}) },
				...(db.searchPath !== undefined ? { searchPath: db.searchPath } : {}),
				pool: { min: 0, max: 2 },
			});
}

/** A printable name that never shows a password. */
export function describeDb(db) {
	return db.client === 'sqlite3' ? `SQLite ${db.filename}` : `PostgreSQL ${db.user}@${db.host}:${db.port}/${db.database}`;
}
