// The source text as the core counts it, for the preview's text view and its diagnostics list. Pure: the
// page and tests/unit/source-lines.test.js share it.
//
// The core reports places as UTF-8 byte offsets (a leading BOM counted) and 1-based lines that end at \n,
// \r\n or a lone \r (core/src/read/cut/lines.rs). JavaScript strings are UTF-16: "Điều" is 4 UTF-16 units but
// 6 bytes, so a byte offset is never a string index in Vietnamese text. Everything here converts through
// the byte offsets of the line starts, computed once per text.
import type { Diagnostic, Repair } from '../core-types/index.js';

// The core's diagnostic, and its proposed edit: replace the UTF-8 bytes `offset .. offset + length` with `replacement`.
export type { Diagnostic, Repair };

/** A text split into lines, with the byte offset where each starts. */
export interface SourceLines {
	/** The lines without their terminators (and line 1 without a BOM). */
	lines: string[];
	/** `starts[i]`: the UTF-8 byte offset of line i+1's first character in the whole text. */
	starts: number[];
	/** The text's length in UTF-8 bytes. */
	bytes: number;
}

/** UTF-8 length of code point `cp` (a lone surrogate is written as U+FFFD: 3 bytes, as the encoder does). */
const cpBytes = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** Splits `text` into lines as the core does, each with its starting byte offset. */
export function splitLines(text: string): SourceLines {
	const lines: string[] = [];
	const starts: number[] = [];
	let byte = 0;
	let from = 0;
	let lineStartByte = 0;
	// A leading BOM counts in byte offsets (3 bytes), not in the line shown.
	if (text.charCodeAt(0) === 0xfeff) {
		from = 1;
		byte = 3;
		lineStartByte = 3;
	}
	let i = from;
	for (; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x0a || c === 0x0d) {
			lines.push(text.slice(from, i));
			starts.push(lineStartByte);
			const crlf = c === 0x0d && text.charCodeAt(i + 1) === 0x0a;
			byte += crlf ? 2 : 1;
			if (crlf) i++;
			from = i + 1;
			lineStartByte = byte;
			continue;
		}
		const cp = text.codePointAt(i)!;
		byte += cpBytes(cp);
		if (cp > 0xffff) i++;
	}
	// The last line, unless the text ends with its terminator (the core counts no empty line after it).
	if (from < text.length || lines.length === 0) {
		lines.push(text.slice(from));
		starts.push(lineStartByte);
	}
	return { lines, starts, bytes: byte };
}

/** The line (1-based) byte `offset` falls on; an offset past the end falls on the last line. */
export function lineOfByte(src: SourceLines, offset: number): number {
	let lo = 0;
	let hi = src.starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (src.starts[mid]! <= offset) lo = mid;
		else hi = mid - 1;
	}
	return lo + 1;
}

/**
 * The UTF-16 index in line `line` (1-based) of the character at byte `offset` of the whole text (the end of
 * the line when the offset lies beyond it; 0 when before it).
 */
export function indexInLine(src: SourceLines, line: number, offset: number): number {
	const s = src.lines[line - 1] ?? '';
	let byte = src.starts[line - 1] ?? 0;
	for (let i = 0; i < s.length;) {
		const cp = s.codePointAt(i)!;
		const n = cpBytes(cp);
		// The character that holds the byte (an offset inside a character marks all of it).
		if (byte + n > offset) return i;
		byte += n;
		i += cp > 0xffff ? 2 : 1;
	}
	return s.length;
}

/** Where a diagnostic points in the text: its line, and the UTF-16 range of the line to mark (at least one character). */
export interface TextPlace {
	line: number;
	from: number;
	to: number;
}

/** The place of `d` in `src`, from its byte offset (and its repair's range, when it proposes one). */
export function placeOf(src: SourceLines, d: Pick<Diagnostic, 'offset' | 'repair'>): TextPlace {
	const line = lineOfByte(src, d.offset);
	const from = indexInLine(src, line, d.offset);
	const end = d.repair && d.repair.offset === d.offset && d.repair.length > 0 ? indexInLine(src, line, d.offset + d.repair.length) : from;
	const length = src.lines[line - 1]?.length ?? 0;
	// An empty mark (an insertion, the end of a line) still shows one character, or the line's end.
	const to = Math.max(end, Math.min(from + 1, length));
	return { line, from, to };
}

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1 };
const rank = (severity: string) => SEVERITY_RANK[severity] ?? 2;

/** Diagnostics of one severity and code, in the core's order (line by line). */
export interface DiagnosticGroup<D extends Diagnostic = Diagnostic> {
	key: string;
	severity: string;
	code: string;
	items: D[];
}

/**
 * The diagnostics grouped by severity and code: errors first, then warnings, then anything else; within a
 * severity, the group that starts earliest in the text first; within a group, the core's order.
 */
export function groupDiagnostics<D extends Diagnostic>(diagnostics: readonly D[]): DiagnosticGroup<D>[] {
	const groups = new Map<string, DiagnosticGroup<D> & { first: number }>();
	diagnostics.forEach((d, i) => {
		const key = `${d.severity}/${d.code}`;
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { key, severity: d.severity, code: d.code, items: [], first: i }));
		g.items.push(d);
	});
	return [...groups.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || a.first - b.first).map(({ first: _, ...g }) => g);
}

/** A row of the text view: a line of the text, or a diagnostic shown under its line. */
export type SourceRow = { kind: 'line'; line: number } | { kind: 'diagnostic'; line: number; index: number };

/**
 * The text view's rows: every line, each followed by the diagnostics placed on it (errors first). `lineOf[i]`
 * is the line of diagnostic i. Also where each line's row is, for jumping to it.
 */
export function sourceRows(lineCount: number, severities: readonly string[], lineOf: readonly number[]): { rows: SourceRow[]; rowOfLine: Int32Array } {
	const at = new Map<number, number[]>();
	lineOf.forEach((line, i) => {
		const l = Math.min(Math.max(1, line), lineCount);
		const list = at.get(l);
		if (list) list.push(i);
		else at.set(l, [i]);
	});
	const rows: SourceRow[] = [];
	const rowOfLine = new Int32Array(lineCount + 1);
	for (let line = 1; line <= lineCount; line++) {
		rowOfLine[line] = rows.length;
		rows.push({ kind: 'line', line });
		const here = at.get(line);
		if (here) for (const index of [...here].sort((a, b) => rank(severities[a]!) - rank(severities[b]!) || a - b)) rows.push({ kind: 'diagnostic', line, index });
	}
	return { rows, rowOfLine };
}

const utf8 = new TextEncoder();
// ignoreBOM: a leading BOM stays in the text (the core counts it in offsets); fatal: a cut through a character throws.
const fromUtf8 = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/** The line (1-based) byte `at` of `bytes` falls on: the line terminators before it, counted as the core does. */
function lineAtByte(bytes: Uint8Array, at: number): number {
	let line = 1;
	for (let i = 0; i < at; i++) {
		const b = bytes[i];
		if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
	}
	return line;
}

/** Why a repair does not fit a text, as data: the page puts it into words. */
export type Stale =
	{ why: 'range'; from: number; to: number; bytes: number } | { why: 'line'; offset: number; line: number } | { why: 'unencodable' } | { why: 'split'; from: number; to: number };

/**
 * `text` with the byte-range edit `repair` (of diagnostic `d`) applied, or why it does not fit `text`: the range
 * must lie inside it on character boundaries, and the diagnostic's byte on the diagnostic's line.
 */
export function applyRepair(text: string, d: Pick<Diagnostic, 'offset' | 'line'>, repair: Repair): { text: string } | { stale: Stale } {
	const bytes = utf8.encode(text);
	const { offset, length, replacement } = repair;
	const end = offset + length;
	const inside = (i: number) => i < bytes.length && (bytes[i]! & 0xc0) === 0x80;
	if (![offset, length].every((n) => Number.isSafeInteger(n) && n >= 0) || end > bytes.length || inside(offset) || inside(end)) {
		return { stale: { why: 'range', from: offset, to: end, bytes: bytes.length } };
	}
	if (d.offset > bytes.length || lineAtByte(bytes, d.offset) !== d.line) return { stale: { why: 'line', offset: d.offset, line: d.line } };
	try {
		// A lone surrogate would have been written as U+FFFD above: then the bytes are not this text's.
		if (fromUtf8.decode(bytes) !== text) return { stale: { why: 'unencodable' } };
		return { text: fromUtf8.decode(bytes.subarray(0, offset)) + replacement + fromUtf8.decode(bytes.subarray(end)) };
	} catch {
		return { stale: { why: 'split', from: offset, to: end } };
	}
}
