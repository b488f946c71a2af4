// How a row shows a long word diff: the changes with a little of the unchanged text around them.
import type { DiffOp } from '../core-types/index.js';

/** A run of the core's word diff (core `word_diff::DiffOp`); `elided` is set on an equal run shortened for display. */
export type DiffRun = DiffOp & { elided?: boolean };

/**
 * The runs with each unchanged stretch longer than `2 · context` characters cut to its ends around "…" (only its
 * end before the first change, only its start after the last). Line breaks in kept text become spaces.
 */
export function shortened(ops: DiffRun[], context: number): DiffRun[] {
	const flat = (s: string) => s.replace(/\s+/g, ' ');
	return ops.map((r, i) => {
		if (r.op !== 'equal') return { ...r, text: flat(r.text) };
		const text = flat(r.text);
		const first = i === 0;
		const last = i === ops.length - 1;
		if (first && last) return { ...r, text: text.length > 2 * context ? `${text.slice(0, 2 * context)}…` : text };
		if (first) return text.length > context ? { ...r, text: `…${text.slice(-context)}`, elided: true } : { ...r, text };
		if (last) return text.length > context ? { ...r, text: `${text.slice(0, context)}…`, elided: true } : { ...r, text };
		return text.length > 2 * context ? { ...r, text: `${text.slice(0, context)} … ${text.slice(-context)}`, elided: true } : { ...r, text };
	});
}

/** Whether any run deletes or inserts. */
export const changes = (ops: DiffRun[]) => ops.some((r) => r.op !== 'equal');
