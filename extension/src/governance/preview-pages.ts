// A large preview, paged. The whole preview of a 100k-unit act is ~46 MB of
// JSON: too much to send, parse and hold in a browser tab at once. So a preview
// above PREVIEW_FULL_UNITS (or asked with `paged: true`) answers a summary and
// the first page, and keeps its rows here, in this instance's memory, for the
// caller to page through:
//   GET /iu-cutter/preview/:token/tree?offset=&limit=&changes_only=   the tree, depth-first, every node open
//   GET /iu-cutter/preview/:token/blocks?offset=&limit=               the manifest's blocks, in manifest order
// Only the caller who previewed (or an admin) reads them. A page is a slice of
// rows computed once; nothing is planned again. A kept preview expires after
// KEEP_MS; with several instances a client pages on the instance it previewed
// on (else 404 IU_PREVIEW_EXPIRED: preview again).
import { randomUUID } from 'node:crypto';
import type { Accountability } from '@directus/types';
import { WorkflowError, badRequest, forbidden } from '../lib/errors.js';
import { buildTree, flatten, type BlockRow, type CutUnitRow, type Tree, type TreeNode } from '../shared/preview-tree.js';

/** Above this many units (cut or planned), a preview is answered paged. The 500-article act (6 510) is not. */
export const PREVIEW_FULL_UNITS = 20_000;
export const PAGE_DEFAULT = 200;
export const PAGE_MAX = 2_000;
const KEEP_MS = 30 * 60_000;
/** Kept previews per instance; the oldest goes first (each holds its rows as text: ~0.3 KB per unit). */
const MAX_KEPT = 4;

interface Kept {
	user: string | null;
	expires: number;
	/** The tree's shape (children, and whether a node or one below it changes), for `flatten`. */
	tree: Tree;
	/** Each node without its children, as it is answered. */
	nodes: Packed<Omit<TreeNode, 'children'>>;
	order: number[];
	changesOrder: number[] | null;
	blocks: Packed<BlockRow>;
}

/**
 * Rows kept as UTF-8 JSON in one buffer: 100k rows as JS objects held ~300 MB of heap for as long
 * as the preview is kept (and every later step of the instance started from it); as text, ~30 MB.
 */
class Packed<T extends object> {
	private readonly bytes: Buffer;
	private readonly ends: Uint32Array;
	constructor(rows: T[]) {
		// Written into one allocation: 100k small buffers would leave their memory to the allocator, not the system.
		const texts = rows.map((r) => JSON.stringify(r));
		this.ends = new Uint32Array(texts.length);
		let end = 0;
		texts.forEach((t, i) => (this.ends[i] = end += Buffer.byteLength(t)));
		this.bytes = Buffer.allocUnsafeSlow(end);
		texts.forEach((t, i) => this.bytes.write(t, i === 0 ? 0 : this.ends[i - 1]!));
	}
	get length(): number {
		return this.ends.length;
	}
	get(i: number): T {
		// Written from a T by the constructor, so it parses back to one.
		return JSON.parse(this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i])) as T;
	}
	slice(from: number, to: number): T[] {
		const out: T[] = [];
		for (let i = from; i < Math.min(to, this.length); i++) out.push(this.get(i));
		return out;
	}
}

const kept = new Map<string, Kept>();

/** Keeps a preview's rows; returns the token to page with and when it expires. */
export function keepPreview(accountability: Accountability | null | undefined, units: CutUnitRow[], blocks: BlockRow[], labels: Record<string, string>) {
	const now = Date.now();
	for (const [t, k] of kept) if (k.expires < now) kept.delete(t);
	while (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
	const built = buildTree(units, blocks, labels);
	const nodes = new Packed(built.nodes.map(({ children, ...node }) => node));
	const tree: Tree = { roots: built.roots, nodes: built.nodes.map((n) => ({ children: n.children, changes: n.changes }) as TreeNode) };
	const token = randomUUID();
	const k: Kept = {
		user: accountability?.user ?? null,
		expires: now + KEEP_MS,
		tree,
		nodes,
		order: flatten(tree, new Set(), false),
		changesOrder: null,
		blocks: new Packed(blocks),
	};
	kept.set(token, k);
	return { token, tree_total: k.order.length, blocks_total: blocks.length, expires_at: new Date(k.expires).toISOString() };
}

function find(token: string, accountability: Accountability | null | undefined): Kept {
	if (!accountability?.user && !accountability?.admin) throw forbidden('Paging a preview needs a signed-in user.');
	const k = kept.get(token);
	if (!k || k.expires < Date.now()) {
		throw new WorkflowError(
			404,
			'IU_PREVIEW_EXPIRED',
			`No kept preview ${token} on this instance: it expired (previews are kept ${KEEP_MS / 60_000} minutes), more recent previews replaced it, or it was made on another instance. Preview again.`,
			{ token },
		);
	}
	if (k.user !== accountability.user && !accountability.admin) throw forbidden('This preview belongs to another user; preview the document yourself.', { token });
	return k;
}

export interface PageQuery {
	offset?: string | number;
	limit?: string | number;
	changes_only?: string | boolean;
}

function window(q: PageQuery, total: number) {
	const num = (v: unknown, field: string, dflt: number) => {
		if (v === undefined || v === '') return dflt;
		const n = Number(v);
		if (!Number.isInteger(n) || n < 0) throw badRequest(`"${field}" must be a whole number ≥ 0; got ${JSON.stringify(v)}.`, { field });
		return n;
	};
	const offset = num(q.offset, 'offset', 0);
	const limit = Math.min(num(q.limit, 'limit', PAGE_DEFAULT), PAGE_MAX);
	return { offset: Math.min(offset, total), limit };
}

/** A page of the tree: each row a node with its depth, in depth-first order (every node open). */
export function treePage(token: string, accountability: Accountability | null | undefined, q: PageQuery) {
	const k = find(token, accountability);
	const changesOnly = q.changes_only === true || q.changes_only === 'true' || q.changes_only === '1';
	const order = changesOnly ? (k.changesOrder ??= flatten(k.tree, new Set(), true)) : k.order;
	const { offset, limit } = window(q, order.length);
	const rows = order.slice(offset, offset + limit).map((i) => {
		return { index: i, ...k.nodes.get(i), child_count: k.tree.nodes[i]!.children.length };
	});
	return { token, changes_only: changesOnly, total: order.length, offset, limit, rows };
}

/** A page of the manifest's blocks, in manifest order. */
export function blocksPage(token: string, accountability: Accountability | null | undefined, q: PageQuery) {
	const k = find(token, accountability);
	const { offset, limit } = window(q, k.blocks.length);
	return { token, total: k.blocks.length, offset, limit, blocks: k.blocks.slice(offset, offset + limit) };
}
