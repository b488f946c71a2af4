// iu-cutter's own settings (IU_LEDGER_KEY_FILE, IU_AGENT_EXECUTOR, …) are read from process.env, also by the
// audit worker thread, which has no Directus context. Directus reads the project's .env (or CONFIG_PATH) into its
// own env object and never into process.env, so an IU_* line written only in .env would be silently ignored.
// Both the hook (at startup) and the CLI adopt those lines here; a value set in the real environment wins.
// Directus' own PUBLIC_URL too: it names the transparency log when IU_TLOG_ORIGIN is not set (lib/tlog.ts), and
// the log's first checkpoint fixes that name for good, whether the server or the migration CLI signs it.

/** Directus settings iu-cutter reads besides its own IU_* ones. */
const READ_FROM_DIRECTUS = ['PUBLIC_URL'];

/**
 * Copies every `IU_*` setting of Directus' env, and PUBLIC_URL, that process.env lacks into process.env, as text.
 * @param {Record<string, unknown>} directusEnv Directus' env (hook context `env`, or `@directus/env`'s useEnv()).
 * @param {Record<string, string | undefined>} [target] process.env, or a test's object.
 * @returns {string[]} the names adopted.
 */
export function adoptIuSettings(directusEnv, target = process.env) {
	const adopted = [];
	for (const [name, value] of Object.entries(directusEnv ?? {})) {
		if (!(name.startsWith('IU_') || READ_FROM_DIRECTUS.includes(name)) || value === undefined || value === null) continue;
		if (target[name] !== undefined) continue;
		target[name] = Array.isArray(value) ? value.join(',') : String(value);
		adopted.push(name);
	}
	return adopted;
}
