// A law's text sent as a Directus file (`text_file`: a directus_files id)
// instead of inline JSON: a 100k-unit act is ~12 MB of text, over Directus'
// default MAX_PAYLOAD_SIZE (1 MB), while a file upload (POST /files) is not held
// to that limit. The file is read through Directus' AssetsService with the
// caller's accountability, so a user reads only files their policies let them
// read ("read" on directus_files); the bytes must be UTF-8 without NUL.
import type { Accountability } from '@directus/types';
import type { DirectusServices } from './services.js';
import { WorkflowError, badRequest } from './errors.js';
import { refuseNul } from './text-input.js';

/** The largest text file a step reads (bytes): a whole code of law is far below it. */
export const MAX_TEXT_FILE = 64 * 1024 * 1024;

interface FileCtx {
	services?: DirectusServices;
	getSchema?: () => Promise<unknown>;
	accountability: Accountability | null | undefined;
}

const fix = (field: string) =>
	`Upload the text with POST /files (Data Studio: File Library) and send its id as "${field}", or ask an administrator for "read" on directus_files in one of your policies.`;

/** The text of file `id`, read as the caller. 403/400 naming `field` ("text_file") when it cannot be read as text. */
export async function readTextFile(ctx: FileCtx, id: string, field = 'text_file'): Promise<string> {
	if (!ctx.services?.AssetsService || !ctx.getSchema) {
		throw new WorkflowError(501, 'IU_TEXT_FILE_UNAVAILABLE', `"${field}" cannot be read here (no Directus services in this context); send the text inline.`, { field });
	}
	const assets = new ctx.services.AssetsService({ accountability: ctx.accountability, schema: await ctx.getSchema() });
	let asset: { stream: NodeJS.ReadableStream; file: { filesize?: number | string | null; type?: string | null } };
	try {
		asset = await assets.getAsset(id);
	} catch (e) {
		// Directus answers "forbidden" both for a file the caller may not read and one that does not exist.
		const failure = e as { status?: number; code?: string } | null;
		const status = Number(failure?.status ?? 500);
		if (status === 403 || failure?.code === 'FORBIDDEN') {
			throw new WorkflowError(403, 'IU_TEXT_FILE_FORBIDDEN', `"${field}" ${id}: there is no such file, or your policies do not let you read it. ${fix(field)}`, { field, id });
		}
		throw e;
	}
	const size = Number(asset.file?.filesize ?? 0);
	if (size > MAX_TEXT_FILE) {
		(asset.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
		throw new WorkflowError(413, 'IU_TEXT_FILE_TOO_LARGE', `"${field}" ${id} is ${size} bytes; a text may be at most ${MAX_TEXT_FILE} bytes. Split the act into documents.`, {
			field,
			size,
			limit: MAX_TEXT_FILE,
		});
	}
	const chunks: Buffer[] = [];
	let read = 0;
	for await (const chunk of asset.stream as AsyncIterable<Buffer | string>) {
		const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		read += b.length;
		if (read > MAX_TEXT_FILE) {
			(asset.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
			throw new WorkflowError(413, 'IU_TEXT_FILE_TOO_LARGE', `"${field}" ${id} is larger than ${MAX_TEXT_FILE} bytes; split the act into documents.`, {
				field,
				limit: MAX_TEXT_FILE,
			});
		}
		chunks.push(b);
	}
	return decodeUtf8(Buffer.concat(chunks), id, field);
}

/** Strict UTF-8 (a byte sequence that is not UTF-8 is named by its byte offset), then no NUL. */
export function decodeUtf8(bytes: Buffer, id: string, field = 'text_file'): string {
	// A UTF-8 byte order mark is not part of the text.
	const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	const body = bytes.subarray(start);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(body);
	} catch {
		const offset = firstInvalidUtf8(body);
		const before = body.subarray(0, offset).toString('utf8');
		const line = (before.match(/\n/g)?.length ?? 0) + 1;
		throw badRequest(
			`"${field}" ${id} is not UTF-8 text: the bytes at byte offset ${offset + start} (line ${line}) are not valid UTF-8. Save the file as UTF-8 (e.g. "iconv -f WINDOWS-1258 -t UTF-8") and upload it again.`,
			{ field, byte_offset: offset + start, line, reason: 'invalid-utf8' },
		);
	}
	refuseNul({ [field]: text }, ` (file ${id})`);
	return text;
}

/** Byte offset of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
	let i = 0;
	while (i < b.length) {
		const c = b[i]!;
		const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
		if (n === 0 || i + n > b.length) return i;
		for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
		if (n > 2) {
			// Overlong forms and surrogates pass the shape test above: the decoder decides.
			try {
				new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, i + n));
			} catch {
				return i;
			}
		}
		i += n;
	}
	return i;
}
