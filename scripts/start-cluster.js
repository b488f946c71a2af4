// `npm run start:cluster`: two Directus 12 instances with iu-cutter on one
// PostgreSQL 15 database, sharing one Redis (cache, permissions, schema, bus,
// synchronization), the ledger's signing key and witness file — the deployment
// docs/DEPLOYMENT.md describes, on loopback ports, with the demo document.
// PostgreSQL and Redis are throwaway processes of this command (like the tests'):
// Ctrl-C stops everything and their data goes with them.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './lib/repo.js';
import { startCluster } from './lib/cluster.js';
import { cutDemo } from './demo.js';

const PORT = Number(process.env.PORT ?? 8055);
const INSTANCES = Number(process.env.IU_INSTANCES ?? 2);
const PG_PORT = Number(process.env.IU_PG_PORT ?? 55432);
const REDIS_PORT = Number(process.env.IU_REDIS_PORT ?? 56379);
const ADMIN_EMAIL = process.env.IU_ADMIN_EMAIL ?? 'admin@example.com';
const ADMIN_PASSWORD = process.env.IU_ADMIN_PASSWORD ?? 'iu-cutter-demo';
if (!Number.isInteger(INSTANCES) || INSTANCES < 2) {
	console.error(`IU_INSTANCES=${process.env.IU_INSTANCES}: a cluster has at least 2 instances (npm start runs one)`);
	process.exit(2);
}

const dir = join(ROOT, '.run/cluster');
// The database is new on every run, so the key, witness and instance folders must be too:
// an old witness file would name checkpoints the new database never had.
rmSync(dir, { recursive: true, force: true });
const ports = Array.from({ length: INSTANCES }, (_, i) => PORT + i);
const cluster = await startCluster({ dir, ports, pgPort: PG_PORT, redisPort: REDIS_PORT, adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
const [first] = cluster.nodes;
const token = await first.login();
const { ids } = await cutDemo({ url: first.url, token, password: ADMIN_PASSWORD });
const rel = (p) => relative(ROOT, p);

console.log(`
iu-cutter is running as ${INSTANCES} Directus instances on one PostgreSQL database and one Redis.
${cluster.nodes
	.map(
		(n, i) => `
  Instance ${i + 1}   Data Studio ${n.url}/admin   IU Cutter ${n.url}/admin/iu-cutter
              log ${rel(n.logPath)}`,
	)
	.join('')}

  Login        ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}   (one login works on every instance: they share SECRET)
  Workflow     editor ${ids.submitter.email} and reviewer ${ids.reviewer.email}, password ${ADMIN_PASSWORD};
               agents DOT-991 (executor) and DOT-992 (verifier) are API-only users
  Database     PostgreSQL 15, postgres://postgres@127.0.0.1:${PG_PORT}/iu_cutter (throwaway)
  Redis        ${cluster.redis.url} (throwaway): CACHE_STORE=redis, SYNCHRONIZATION_STORE=redis, RATE_LIMITER_STORE=redis
  Ledger       every instance signs with ${rel(cluster.keyFile)} and appends to ${rel(cluster.witnessFile)}

Put a load balancer in front of the instances, or use either URL: a change made
through one (a CUT, a revoked permission) is seen by the others at once.
See docs/DEPLOYMENT.md. Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		stopping = true;
		await cluster.stop();
		process.exit(0);
	});
}
for (const [i, node] of cluster.nodes.entries()) {
	node.child.on('exit', async (code) => {
		if (stopping) return;
		console.error(`instance ${i + 1} exited (${code}); see ${rel(node.logPath)}. Stopping the cluster.`);
		stopping = true;
		await cluster.stop();
		process.exit(code || 1);
	});
}
