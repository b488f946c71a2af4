// Which database the CLI opens: Directus' own reading of the DB_* settings (the process variables and the
// project's config file, here a .env named by CONFIG_PATH as Directus allows), turned into the CLI's database
// object; --db over everything; bad settings a usage error that says what to set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseOf, fromDirectusConfig, UsageError } from '../../extension/src/cli/database.js';

test('a project .env is read as Directus reads it: DB_* from the file, *_FILE for a secret, casts', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'iu-env-'));
	try {
		writeFileSync(join(dir, 'db-password'), 's3cret');
		writeFileSync(join(dir, '.env'), ['DB_CLIENT="pg"', 'DB_HOST="db.internal"', 'DB_PORT="6543"', 'DB_DATABASE="directus"', 'DB_USER="app"', `DB_PASSWORD_FILE="${join(dir, 'db-password')}"`, 'DB_SSL__REJECT_UNAUTHORIZED="false"', ''].join('\n'));
		// Directus' @directus/env reads CONFIG_PATH (default ./.env) once per process.
		process.env.CONFIG_PATH = join(dir, '.env');
		const db = await databaseOf([], { cwd: dir });
		assert.deepEqual(db, { client: 'pg', host: 'db.internal', port: 6543, database: 'directus', user: 'app', password: 's3cret', ssl: { rejectUnauthorized: false } });
		// --db wins over the settings.
		assert.deepEqual(await databaseOf(['--db', 'sqlite:/tmp/x.db'], { cwd: dir }), { client: 'sqlite3', filename: '/tmp/x.db' });
	} finally {
		delete process.env.CONFIG_PATH;
		rmSync(dir, { recursive: true, force: true });
	}
});

test("Directus' config objects become the CLI's database, or a usage error naming the setting", async () => {
	assert.deepEqual(fromDirectusConfig({ client: 'sqlite3', filename: './data.db' }, '/srv/project'), { client: 'sqlite3', filename: '/srv/project/data.db' });
	assert.deepEqual(fromDirectusConfig({ client: 'pg', connectionString: 'postgres://u:p%40ss@h:5433/d', searchPath: ['app'] }), { client: 'pg', host: 'h', port: 5433, database: 'd', user: 'u', password: 'p@ss', searchPath: ['app'] });
	assert.throws(() => fromDirectusConfig({ client: 'sqlite3' }), (e) => e instanceof UsageError && /DB_FILENAME is not set/.test(e.message));
	assert.throws(() => fromDirectusConfig({ client: 'pg', host: 'h', user: 'u' }), (e) => e instanceof UsageError && /DB_DATABASE is not set/.test(e.message));
	assert.throws(() => fromDirectusConfig({ client: 'mysql', host: 'h' }), (e) => e instanceof UsageError && /SQLite \(sqlite3\) and PostgreSQL \(pg\) only/.test(e.message));
	await assert.rejects(databaseOf(['--db', 'mysql://x']), UsageError);
});
