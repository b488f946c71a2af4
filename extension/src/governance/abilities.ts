// "What may I do with this entry?" — asked by the admin module so that it
// shows a step only to callers holding its capability, and disables it with the
// core's reason when the state or a two-person rule forbids it. The answer is
// advice for the UI: every step checks the same rules again on the server.
import { requireCapability, type Action } from '../lib/access.js';
import { WorkflowError, forbidden } from '../lib/errors.js';
import type { Ctx } from './context.js';
import { checkStep, type HistoryRow, type Step } from './entry.js';
import { unwrap } from '../lib/outcome.js';

export interface Ability {
	/** The caller holds the capability: show the control. */
	visible: boolean;
	/** The state and the two-person rules allow the caller to take the step now. */
	allowed: boolean;
	reason?: string;
	code?: string;
	/** The two-person rule that forbids it, e.g. "verifier ≠ executor". */
	rule?: string | null;
}

const STEPS: Step[] = ['review', 'cut', 'verify', 'sweep', 'rollback'];

/** `envelopeJson`: the entry's stored manifest envelope, for the refusals that depend on the manifest, not the state. */
export async function abilitiesFor(ctx: Ctx, history: HistoryRow[], envelopeJson: string | null = null): Promise<Record<Step, Ability>> {
	const out = {} as Record<Step, Ability>;
	for (const step of STEPS) out[step] = await abilityFor(ctx, step, history);
	// A manifest from before the move to sibling positions, or that move, is never rolled back (the core's rule, which
	// the rollback itself applies): the step is shown disabled with its reason rather than offered and refused.
	if (out.rollback.allowed && envelopeJson) {
		const { refusal } = unwrap('rollback refusal', ctx.core.rollbackRefusal({ envelopeJson }));
		if (refusal) out.rollback = { visible: true, allowed: false, reason: `${refusal.reason}. Fix: ${refusal.hint}.`, code: refusal.code, rule: null };
	}
	return out;
}

async function abilityFor(ctx: Ctx, step: Step, history: HistoryRow[]): Promise<Ability> {
	let user: string;
	try {
		user = (await requireCapability(ctx.knex, ctx.accountability, step as Action)).user;
	} catch (e) {
		if (e instanceof WorkflowError) return { visible: false, allowed: false, reason: e.message, code: e.code };
		throw e;
	}
	try {
		checkStep(ctx.core, step, history, user);
		return { visible: true, allowed: true };
	} catch (e) {
		if (!(e instanceof WorkflowError)) throw e;
		return { visible: true, allowed: false, reason: e.message, code: e.code, rule: (e.extensions['rule'] as string | null | undefined) ?? null };
	}
}

/** GET /me — which workflow capabilities the caller holds, so the module shows only what they may use. */
export async function myCapabilities(ctx: Ctx, _raw: unknown) {
	if (!ctx.accountability?.user) throw forbidden('Sign in first: the workflow is closed to anonymous callers.');
	const actions: Action[] = ['preview', 'submit', 'review', 'cut', 'verify', 'sweep', 'rollback', 'resolve', 'audit', 'incident', 'repair'];
	const capabilities = {} as Record<Action, boolean>;
	for (const action of actions) {
		try {
			await requireCapability(ctx.knex, ctx.accountability, action);
			capabilities[action] = true;
		} catch (e) {
			if (!(e instanceof WorkflowError)) throw e;
			capabilities[action] = false;
		}
	}
	return { user: ctx.accountability?.user ?? null, capabilities };
}
