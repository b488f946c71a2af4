// Workflow events as a reviewer or auditor reads them: each history row's
// detail (ids and counts in the ledger) said in a few words, with the
// reviewer's comment beside an approval or a rejection.
import type { Knex } from 'knex';
import { describeCounts } from './counts.js';

interface EventRow {
	event: string;
	detail: string | null;
}

export async function withNotes<T extends EventRow>(knex: Knex, events: T[]): Promise<Array<T & { note?: string }>> {
	const details = events.map((e) => parseDetail(e.detail));
	const reviewIds = details.flatMap((d) => (typeof d['review_decision'] === 'string' ? [d['review_decision']] : []));
	const comments = new Map<string, string | null>(
		reviewIds.length ? (await knex('review_decision').whereIn('id', reviewIds).select('id', 'comment')).map((r: { id: string; comment: string | null }) => [r.id, r.comment]) : [],
	);
	return events.map((e, i) => {
		const note = noteOf(e.event, details[i]!, comments);
		return note ? { ...e, note } : e;
	});
}

// A detail edited behind the ledger's back may not parse: the view still shows the event (VERIFY names the row).
function parseDetail(detail: string | null): Record<string, unknown> {
	try {
		const d = detail ? JSON.parse(detail) : {};
		return d && typeof d === 'object' ? d : {};
	} catch {
		return {};
	}
}

function noteOf(event: string, d: Record<string, unknown>, comments: Map<string, string | null>): string | undefined {
	switch (event) {
		case 'submitted':
			// A `submitted` detail carries the manifest's counts per action, as the submission wrote them.
			return d['counts'] ? describeCounts(d['counts'] as Record<string, number>) : undefined;
		case 'approved':
		case 'rejected': {
			const id = d['review_decision'];
			const comment = typeof id === 'string' ? comments.get(id) : undefined;
			return comment ? `“${comment}”` : undefined;
		}
		case 'cut':
			return `${d['units_written']} unit(s) and ${d['aliases_written']} alias(es) written`;
		case 'verified':
			return 'every check passed';
		case 'verify_failed':
			return `${d['violations']} violation(s)`;
		default:
			return undefined;
	}
}
