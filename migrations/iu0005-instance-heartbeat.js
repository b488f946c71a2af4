// iu0005 — instance heartbeats: every running Directus instance with iu-cutter
// writes one row here every few seconds (extension/src/lib/cluster.ts), saying
// who it is and whether its caches, bus and synchronization go through Redis.
// Two instances on one database without a shared Redis serve stale permissions,
// schema and cached items to each other, so an instance that sees another live
// one in that state refuses the workflow's sealed writes (503
// IU_CLUSTER_WITHOUT_REDIS) until the deployment is fixed.
//
// Not sealed and not part of the ledger: a heartbeat is operational state, not
// history. No primary key on purpose (like iu_seal and iu_ledger_checkpoint):
// Directus ignores the table, so no Directus door reads or writes it and it takes
// no collection of the Core license. `instance_id` is unique so a beat is one
// upsert.

export const INSTANCE_TABLE = 'iu_instance';

export async function up(knex) {
	await knex.transaction(async (trx) => {
		if (await trx.schema.hasTable(INSTANCE_TABLE)) throw new Error(`iu0005: table "${INSTANCE_TABLE}" already exists; rename or drop it before installing iu-cutter`);
		await trx.schema.createTable(INSTANCE_TABLE, (t) => {
			t.string('instance_id', 36).notNullable().unique();
			t.string('host', 255).notNullable();
			t.integer('pid').notNullable();
			t.string('started_at', 32).notNullable();
			// Milliseconds since the epoch on the writer's clock; readers allow for skew (cluster.ts).
			t.bigInteger('last_seen').notNullable();
			// The Redis server the instance uses, without credentials (host:port/db); null: none.
			t.string('redis', 255).nullable();
			// 'off' (CACHE_ENABLED=false), 'memory' or 'redis'.
			t.string('cache_store', 16).notNullable();
			t.string('synchronization_store', 16).notNullable();
		});
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		await trx.schema.dropTable(INSTANCE_TABLE);
	});
}
