// A manifest's counts per action in words, for an entry's title and its history's notes ("3 create, 1 retire").
// Pure: the unit tests load this file as it is.

/** The actions with a count above zero, in the order counted; "no change" when there is none. */
export function describeCounts(counts: Record<string, number>): string {
	const parts = Object.entries(counts)
		.filter(([, n]) => n > 0)
		.map(([k, n]) => `${n} ${k}`);
	return parts.length ? parts.join(', ') : 'no change';
}
