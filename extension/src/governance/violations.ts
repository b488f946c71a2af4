// The chain audit's and the drift audit's findings in the shape of VERIFY's own violations (checks LEDGER and
// DRIFT), so a recorded report lists every violation one way. Pure: the unit tests load this file as it is.
import type { ChainReport, DriftReport } from '../lib/ledger-audit.js';
import type { VerifyViolation } from '../core-types/index.js';

/** A violation of the recorded report: the core's, or a chain or drift audit finding put in its shape (LEDGER, DRIFT). */
export type Violation = Omit<VerifyViolation, 'check' | 'position'> & {
	check: VerifyViolation['check'] | 'DRIFT';
	position?: number | null;
	field?: string;
	row_id?: string | null;
	collection?: string | null;
};

/** A finding's expected or found value as text: none, the text itself, or its JSON. */
const show = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));

/** The chain audit's findings as VERIFY violations (check LEDGER). */
export function ledgerViolations(chain: ChainReport): Violation[] {
	return chain.violations.map((v) => ({
		check: 'LEDGER',
		code: String(v.kind),
		subject: [v.seq != null ? `seq ${v.seq}` : null, v.collection, v.row_id].filter(Boolean).join(' '),
		expected: show(v.expected),
		found: show(v.found),
		message: String(v.message),
		row_id: v.row_id,
		collection: v.collection,
	}));
}

/** The drift audit's findings as VERIFY violations (check DRIFT). */
export function driftViolations(drift: DriftReport): Violation[] {
	return drift.violations.map((v) => ({
		check: 'DRIFT',
		code: String(v.kind),
		subject: `${v.subject} ${v.id} ${v.address ?? ''}`.trim(),
		field: v.field ?? undefined,
		expected: show(v.expected),
		found: show(v.found),
		message: String(v.message),
	}));
}
