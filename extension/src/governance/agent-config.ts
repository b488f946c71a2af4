// Which agents run, read from the project's settings (IU_AGENT_EXECUTOR, IU_AGENT_VERIFIER, their own keys
// IU_AGENT_EXECUTOR_KEY_FILE and IU_AGENT_VERIFIER_KEY_FILE, IU_AGENT_GO_AHEAD, IU_AGENT_POLL_SECONDS; agents.ts
// runs them). Directus' env parses some values (booleans, numbers) and leaves
// others as text, so each is read either way. Pure: the unit tests load this file as it is.

type Env = Record<string, unknown>;

export interface AgentConfig {
	executor: string | null;
	verifier: string | null;
	/** The executor's own signing key (PKCS#8 PEM Ed25519), a file apart from the ledger's key; null: it does not sign. */
	executorKeyFile: string | null;
	verifierKeyFile: string | null;
	goAhead: boolean;
	pollMs: number;
}

const text = (v: unknown) => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim());

/** The agents' settings: unset or blank users are no agent; a poll interval that is no positive number is 60 s. */
export function agentConfig(env: Env): AgentConfig {
	const seconds = Number(env['IU_AGENT_POLL_SECONDS'] ?? 60);
	return {
		executor: text(env['IU_AGENT_EXECUTOR']),
		verifier: text(env['IU_AGENT_VERIFIER']),
		executorKeyFile: text(env['IU_AGENT_EXECUTOR_KEY_FILE']),
		verifierKeyFile: text(env['IU_AGENT_VERIFIER_KEY_FILE']),
		goAhead: env['IU_AGENT_GO_AHEAD'] === true || String(env['IU_AGENT_GO_AHEAD']).toLowerCase() === 'true',
		pollMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000,
	};
}
