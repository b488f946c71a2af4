// The transparency log (issue 49) recomputed from the RFCs with Node's own SHA-256 and Ed25519, not the core's code:
// a test that compares the two checks the core. RFC 6962's hashes, c2sp.org/tlog-tiles' tiles and
// c2sp.org/tlog-checkpoint's signed note (c2sp.org/signed-note, Ed25519).
import { createHash, createPublicKey, verify } from 'node:crypto';

export const sha = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 6962's leaf hash of one entry (for iu-cutter: a ledger row's row_hash, as bytes). */
export const leafHash = (entry) => sha(Buffer.from([0]), entry);

/** RFC 6962's Merkle tree hash of `leaves` (leaf hashes): the left subtree is the largest power of two smaller than n. */
export function mth(leaves) {
	if (leaves.length === 1) return leaves[0];
	let k = 1;
	while (k * 2 < leaves.length) k *= 2;
	return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/**
 * The tiles of the tree of `leaves` (leaf hashes), as c2sp.org/tlog-tiles cuts them: level 0 holds the leaf hashes,
 * 256 to a tile, the last one partial; each hash of level L + 1 is the root of a full tile of level L.
 * `[{ level, index, hashes }]`, `hashes` in hex as iu_tlog_tile keeps them.
 */
export function tilesOf(leaves) {
	const out = [];
	for (let level = 0, hashes = leaves; hashes.length; level++) {
		const next = [];
		for (let index = 0; index * 256 < hashes.length; index++) {
			const tile = hashes.slice(index * 256, (index + 1) * 256);
			out.push({ level, index, hashes: Buffer.concat(tile).toString('hex') });
			if (tile.length === 256) next.push(mth(tile));
		}
		hashes = next;
	}
	return out;
}

/**
 * A checkpoint note's origin, size and root, and whether the Ed25519 key `publicKeyPem` signed it under the origin's
 * name: a signature line `— <origin> base64(key id ‖ signature)`, the key id being SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)'s
 * first 4 bytes, the signature over the note's text up to its blank line.
 */
export function readCheckpointNote(note, publicKeyPem) {
	const end = note.indexOf('\n\n');
	const text = note.slice(0, end + 1);
	const [origin, size, root] = text.split('\n');
	const key = createPublicKey(publicKeyPem);
	const keyId = sha(Buffer.from(`${origin}\n`), Buffer.from([1]), Buffer.from(key.export({ format: 'jwk' }).x, 'base64url')).subarray(0, 4);
	const signatures = note
		.slice(end + 2)
		.split('\n')
		.map((line) => /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line))
		.filter(Boolean)
		.map(([, name, b64]) => ({ name, bytes: Buffer.from(b64, 'base64') }));
	const signed = signatures.some((s) => s.name === origin && s.bytes.subarray(0, 4).equals(keyId) && verify(null, Buffer.from(text), key, s.bytes.subarray(4)));
	return { origin, size: Number(size), root: Buffer.from(root ?? '', 'base64'), signed };
}
