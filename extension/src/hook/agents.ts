// ── the executor and verifier agents (governance/agents.ts) ───────────────
// Run by the extension itself, not by flows (the free licence allows five); off unless IU_AGENT_EXECUTOR /
// IU_AGENT_VERIFIER name the agent users.
import { Agents, registerAgents } from '../governance/agents.js';
import { runAction } from '../governance/index.js';
import { envOf, type HookContext, type Hooks } from './events.js';

export function registerWorkflowAgents({ init }: Hooks, context: HookContext): void {
	const { database, logger, services, getSchema } = context;
	const agents = new Agents(database, envOf(context), logger, (name, ctx, body) => runAction(name, ctx, body), { services, getSchema });
	registerAgents(agents);
	init('app.after', () => agents.start());
	process.once('SIGTERM', () => agents.stop());
}
