// iu0003 — the admin panel: addresses in the unit store's lists and related
// values are displayed as readable citations ("điểm đ khoản 1 Điều 44 …") by
// the extension's "Canonical address" display, and the "IU Cutter" module is
// enabled in the module bar so editors and reviewers find it without an
// administrator first visiting Settings › Project Settings.
//
// Touches metadata rows only (directus_fields display, directus_settings
// module_bar); no table or column changes. Down restores both.

const DISPLAY = 'canonical-address';
const ADDRESS_FIELDS = [
	['logical_unit', 'canonical_address'],
	['canonical_address_alias', 'alias_text'],
];
const MODULE = { type: 'module', id: 'iu-cutter', enabled: true };

// Directus 12.4's default module bar (used while directus_settings.module_bar is null):
// writing our entry makes the list explicit, so it must keep what the default shows.
const DIRECTUS_DEFAULT_MODULE_BAR = [
	{ type: 'module', id: 'content', enabled: true },
	{ type: 'module', id: 'visual', enabled: false },
	{ type: 'module', id: 'users', enabled: true },
	{ type: 'module', id: 'files', enabled: true },
	{ type: 'module', id: 'insights', enabled: true },
	{ type: 'module', id: 'flows', enabled: true },
	{ type: 'module', id: 'deployments', enabled: false },
	{ type: 'link', id: 'docs', enabled: true, name: '$t:documentation', icon: 'help', url: 'https://directus.com/docs' },
	{ type: 'module', id: 'settings', enabled: true, locked: true },
];

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const [collection, field] of ADDRESS_FIELDS) {
			await trx('directus_fields').where({ collection, field }).update({ display: DISPLAY, display_options: JSON.stringify({ show: 'citation' }) });
		}
		const settings = await trx('directus_settings').orderBy('id').first('id', 'module_bar');
		const bar = readBar(settings?.module_bar) ?? DIRECTUS_DEFAULT_MODULE_BAR;
		if (bar.some((m) => m.type === 'module' && m.id === MODULE.id)) return;
		// Before Settings, which Directus keeps last.
		const at = bar.findIndex((m) => m.id === 'settings');
		const next = at < 0 ? [...bar, MODULE] : [...bar.slice(0, at), MODULE, ...bar.slice(at)];
		if (settings) await trx('directus_settings').where({ id: settings.id }).update({ module_bar: JSON.stringify(next) });
		else await trx('directus_settings').insert({ module_bar: JSON.stringify(next) });
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		for (const [collection, field] of ADDRESS_FIELDS) {
			await trx('directus_fields').where({ collection, field, display: DISPLAY }).update({ display: null, display_options: null });
		}
		const settings = await trx('directus_settings').orderBy('id').first('id', 'module_bar');
		const bar = readBar(settings?.module_bar);
		if (!settings || !bar) return;
		const rest = bar.filter((m) => !(m.type === 'module' && m.id === MODULE.id));
		const isDefault = JSON.stringify(rest) === JSON.stringify(DIRECTUS_DEFAULT_MODULE_BAR);
		await trx('directus_settings').where({ id: settings.id }).update({ module_bar: isDefault ? null : JSON.stringify(rest) });
	});
}

// PostgreSQL returns json columns parsed, SQLite as text.
function readBar(value) {
	if (value === null || value === undefined) return null;
	const bar = typeof value === 'string' ? JSON.parse(value) : value;
	return Array.isArray(bar) ? bar : null;
}
