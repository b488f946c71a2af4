// A stored manifest's blocks as lines of text (its block_json rows in block order, one block per line, entry.ts):
// read a slice at a time, so 100k blocks are never all parsed and held at once. Pure: data in, data out (the unit
// tests load this file as it is).
import type { Block } from '../lib/store.js';
import type { StoredManifest } from './entry.js';

/** The stored blocks (a block per line) in slices of `size` lines: each slice's text, its lines joined by '\n'. */
export function* lineSlices(text: string, size: number): Generator<string> {
	if (text === '') return;
	for (let start = 0; ;) {
		let end = start - 1;
		for (let n = 0; n < size && (end = text.indexOf('\n', end + 1)) >= 0; n++);
		if (end < 0) {
			yield text.slice(start);
			return;
		}
		yield text.slice(start, end);
		start = end + 1;
	}
}

/** The manifest's blocks: parsed already, or read one at a time from the stored parts (never all held at once). */
export function* blocksOf(manifest: StoredManifest): Generator<Block> {
	if (manifest.blocks.length > 0 || !manifest.parts?.blocks) {
		yield* manifest.blocks;
		return;
	}
	for (const line of lineSlices(manifest.parts.blocks, 1)) yield JSON.parse(line) as Block;
}
