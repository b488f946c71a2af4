// Which database an operations command works on, and a knex connection to it.
// The same variables Directus reads (DB_CLIENT, DB_FILENAME, DB_HOST, DB_PORT,
// DB_DATABASE, DB_USER, DB_PASSWORD) or `--db`:
//   --db sqlite:/path/to/data.db
//   --db postgres://user:password@127.0.0.1:5432/name
// Default: the `npm start` demo database, .run/demo/data.db.
import knex from 'knex';
import { resolve } from 'node:path';
import { ROOT } from '../../tests/support/directus.js';

/** `{ client: 'sqlite3', filename }` or `{ client: 'pg', host, port, database, user, password }`. */
export function databaseFrom(argv = process.argv.slice(2), env = process.env) {
	const i = argv.indexOf('--db');
	const spec = i >= 0 ? argv[i + 1] : undefined;
	if (spec?.startsWith('sqlite:')) return { client: 'sqlite3', filename: resolve(spec.slice('sqlite:'.length)) };
	if (spec?.startsWith('postgres://') || spec?.startsWith('postgresql://')) {
		const u = new URL(spec);
		return { client: 'pg', host: u.hostname, port: Number(u.port || 5432), database: decodeURIComponent(u.pathname.slice(1)), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
	}
	if (spec) throw new Error(`--db ${spec}: expected sqlite:<file> or postgres://user:password@host:port/database`);
	if (env.DB_CLIENT === 'pg' || env.DB_CLIENT === 'postgres') {
		return { client: 'pg', host: env.DB_HOST ?? '127.0.0.1', port: Number(env.DB_PORT ?? 5432), database: env.DB_DATABASE, user: env.DB_USER, password: env.DB_PASSWORD ?? '' };
	}
	return { client: 'sqlite3', filename: resolve(env.DB_FILENAME ?? `${ROOT}/.run/demo/data.db`) };
}

export function connect(db) {
	return db.client === 'sqlite3'
		? knex({ client: 'sqlite3', connection: { filename: db.filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
		: knex({ client: 'pg', connection: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password }, pool: { min: 0, max: 2 } });
}

/** A printable name that never shows a password. */
export function describeDb(db) {
	return db.client === 'sqlite3' ? `SQLite ${db.filename}` : `PostgreSQL ${db.user}@${db.host}:${db.port}/${db.database}`;
}
