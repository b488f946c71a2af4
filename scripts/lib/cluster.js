// Several Directus instances on one PostgreSQL database, with (or, to test the
// refusal, without) one shared Redis. Used by `npm run start:cluster` and
// tests/integration/cluster.test.js, so both run a cluster the same way.
//
// What the instances share, and why (docs/DEPLOYMENT.md):
// - the database;
// - Redis: Directus' data cache (CACHE_STORE=redis), its permission and schema
//   caches and message bus (any REDIS setting), its synchronization
//   (SYNCHRONIZATION_STORE=redis) and rate limiter (RATE_LIMITER_STORE=redis);
// - SECRET: a token one instance issued must be accepted by the others;
// - the ledger's signing key (IU_LEDGER_KEY_FILE): every instance signs the one
//   chain, and each step checks the last checkpoint against its trusted keys;
// - the witness file (IU_LEDGER_WITNESS): one file every instance appends to
//   after its commits (one O_APPEND write of one line each), so it holds every
//   checkpoint; a per-instance file would hold only that instance's and the
//   audits would report the others' as `witness-lag`;
// - uploads (STORAGE_LOCAL_ROOT): a file uploaded through one is served by all.
// Each instance keeps its own working folder (staged extension, log).
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startDirectus } from './directus.js';
import { startPostgres } from './postgres.js';
import { startRedis } from './redis.js';
import { ensureLedgerKey } from '../../extension/src/cli/ledger-key.js';

/** The Directus settings that make instances share one Redis (Directus 12.4 names). */
export function redisEnv(url) {
	return {
		REDIS: url,
		CACHE_ENABLED: 'true',
		CACHE_STORE: 'redis',
		CACHE_AUTO_PURGE: 'true',
		SYNCHRONIZATION_STORE: 'redis',
		RATE_LIMITER_STORE: 'redis',
	};
}

/**
 * @param {object} o
 * @param {string} o.dir           working folder of the cluster (shared key, witness, uploads; one folder per instance)
 * @param {number[]} o.ports       one Directus port per instance
 * @param {number} o.pgPort
 * @param {number} [o.redisPort]   omit to run the instances without Redis (the refused setup)
 * @param {string} o.adminEmail
 * @param {string} o.adminPassword
 * @param {object} [o.env]         extra environment for every instance
 */
export async function startCluster({ dir, ports, pgPort, redisPort, adminEmail, adminPassword, env = {} }) {
	const started = [];
	const stopAll = async () => {
		for (const s of started.reverse()) await s.stop().catch(() => {});
	};
	try {
		const pg = await startPostgres({ port: pgPort });
		started.push(pg);
		const db = pg.createDatabase('iu_cutter');
		const redis = redisPort ? await startRedis({ port: redisPort }) : null;
		if (redis) started.push(redis);
		mkdirSync(join(dir, 'witness'), { recursive: true });
		mkdirSync(join(dir, 'uploads'), { recursive: true });
		const { keyFile } = ensureLedgerKey(join(dir, 'keys'));
		const secretFile = join(dir, 'secret');
		if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'));
		const shared = {
			SECRET: readFileSync(secretFile, 'utf8'),
			IU_LEDGER_KEY_FILE: keyFile,
			IU_LEDGER_WITNESS: join(dir, 'witness', 'ledger-witness.jsonl'),
			STORAGE_LOCAL_ROOT: join(dir, 'uploads'),
			...(redis ? redisEnv(redis.url) : {}),
			...env,
		};
		const nodes = [];
		// One after the other: the first bootstraps the database and applies the migrations.
		for (const [i, port] of ports.entries()) {
			const node = await startDirectus({ dir: join(dir, `node-${i + 1}`), port, db, adminEmail, adminPassword, env: shared });
			started.push(node);
			nodes.push(node);
		}
		return {
			pg,
			db,
			redis,
			nodes,
			keyFile,
			publicKeyFile: join(dir, 'keys', 'ledger.pub'),
			witnessFile: shared.IU_LEDGER_WITNESS,
			stop: stopAll,
		};
	} catch (e) {
		await stopAll();
		throw e;
	}
}
