// iu-cutter's own settings (IU_LEDGER_KEY_FILE, IU_AGENT_EXECUTOR, …) are read from process.env, also by the
// audit worker thread, which has no Directus context. Directus reads the project's .env (or CONFIG_PATH) into its
// own env object and never into process.env, so an IU_* line written only in .env would be silently ignored.
// Both the hook (at startup) and the CLI adopt those lines here; a value set in the real environment wins.

/**
 * Copies every `IU_*` setting of Directus' env that process.env lacks into process.env, as text.
 * @param {Record<string, unknown>} directusEnv Directus' env (hook context `env`, or `@directus/env`'s useEnv()).
 * @param {Record<string, string | undefined>} [target] process.env, or a test's object.
 * @returns {string[]} the names adopted.
 */
export function adoptIuSettings(directusEnv, target = process.env) {
	const adopted = [];
	for (const [name, value] of Object.entries(directusEnv ?? {})) {
		if (!name.startsWith('IU_') || value === undefined || value === null) continue;
		if (target[name] !== undefined) continue;
		target[name] = Array.isArray(value) ? value.join(',') : String(value);
		adopted.push(name);
	}
	return adopted;
}
