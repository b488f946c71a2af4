// Plain-JS baselines for the benchmark table: what a team without the core would
// write first. Each does less than the core (no diagnostics, no NFC, no quotes,
// no chains), so a ratio near 1 means the core's extra rigor is nearly free.
import { createHash } from 'node:crypto';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Regex line classifier for Chương / Điều / khoản / điểm, with addresses and content hashes. */
export function naiveCut(text, slug) {
	const units = [];
	let article = null;
	let clause = null;
	for (const line of text.split('\n')) {
		let m;
		if ((m = /^Chương ([IVXLC]+)\s*$/.exec(line))) {
			units.push({ address: `${slug}/chuong-${m[1]}`, body: '' });
		} else if ((m = /^Điều (\d+[a-z]?)\.\s*(.*)$/.exec(line))) {
			article = `${slug}/dieu-${m[1]}`;
			clause = null;
			units.push({ address: article, body: m[2] });
		} else if (article && (m = /^(\d+[a-z]?)\.\s+(.*)$/.exec(line))) {
			clause = `${article}/khoan-${m[1]}`;
			units.push({ address: clause, body: m[2] });
		} else if (clause && (m = /^([a-zđ]\d?)\)\s+(.*)$/.exec(line))) {
			units.push({ address: `${clause}/diem-${m[1] === 'đ' ? 'dd' : m[1]}`, body: m[2] });
		} else if (units.length > 0 && line.trim()) {
			units[units.length - 1].body += `\n${line}`;
		}
	}
	for (const u of units) u.sha256 = sha256(JSON.stringify({ body: u.body, heading: null }));
	return units;
}

/** Uniqueness, parent existence and content hashes, with Set/Map and node:crypto. */
export function naiveVerify(units) {
	const byId = new Map(units.map((u) => [u.id, u]));
	const seen = new Set();
	let violations = 0;
	for (const u of units) {
		if (seen.has(u.canonical_address)) violations++;
		seen.add(u.canonical_address);
		if (u.parent && !byId.has(u.parent)) violations++;
		if (sha256(JSON.stringify({ body: u.body, heading: u.heading })) !== u.content_sha256) violations++;
	}
	return violations;
}

/** One Map from old address to unit id, one from current address to unit id: no windows, no chains. */
export function naiveResolver(n) {
	const current = new Map();
	const old = new Map();
	for (let i = 0; i < n; i++) {
		const doc = `doc-${Math.floor(i / 1000)}`;
		current.set(`${doc}/dieu-${i % 1000}a`, `u${i}`);
		old.set(`${doc}/dieu-${i % 1000}`, `u${i}`);
	}
	return (address) => current.get(address) ?? old.get(address);
}
