// A step's progress as the module shows it: the page picks a token (a uuid),
// sends it with the step (X-IU-Progress) and polls GET /iu-cutter/progress/:token
// until the step answers; then it reads the record once more, so the bar ends
// where the server says the step ended. The server only counts; this only shows.
import { ref, shallowRef } from 'vue';
import { useIuApi } from './api.js';

// The server's record (lib/progress.ts); a type only, so nothing of the API bundle enters the app.
export type { ProgressRecord } from '../lib/progress.js';
import type { ProgressRecord } from '../lib/progress.js';

/** Between two polls; a poll is sent only after the previous one answered. */
const POLL_MS = 100;

function uuid(): string {
	const c = globalThis.crypto as Crypto & { randomUUID?: () => string };
	if (typeof c.randomUUID === 'function') return c.randomUUID();
	// Insecure origins (plain http on another host) have no randomUUID: a v4 from getRandomValues.
	const b = c.getRandomValues(new Uint8Array(16));
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function useProgress() {
	const { get } = useIuApi();
	const record = shallowRef<ProgressRecord | null>(null);
	const active = ref(false);
	let token: string | null = null;
	let timer: ReturnType<typeof setTimeout> | null = null;

	async function poll(t: string): Promise<void> {
		try {
			const r = await get<ProgressRecord>(`/progress/${t}`);
			if (token === t) record.value = r;
		} catch {
			// 404 before the step has registered (or after it was forgotten): keep what is shown.
		}
	}

	function loop(t: string) {
		timer = setTimeout(async () => {
			await poll(t);
			if (active.value && token === t) loop(t);
		}, POLL_MS);
	}

	/** A new token, polled from now on; send it as the X-IU-Progress header of the step. */
	function start(): string {
		stopTimer();
		token = uuid();
		record.value = null;
		active.value = true;
		loop(token);
		return token;
	}

	function stopTimer() {
		if (timer) clearTimeout(timer);
		timer = null;
	}

	/** The step answered: stop polling and show the record as the server closed it. */
	async function stop(): Promise<void> {
		active.value = false;
		stopTimer();
		if (token) await poll(token);
	}

	function clear() {
		active.value = false;
		stopTimer();
		token = null;
		record.value = null;
	}

	return { record, active, start, stop, clear, headers: (t: string) => ({ 'X-IU-Progress': t }) };
}
