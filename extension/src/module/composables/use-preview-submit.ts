// The preview/submit lifecycle the Preview, Amend and Crosswalk pages share: a preview answers for one request;
// the page submits exactly what it previewed (with the preview's sha256), and a change of the request makes the
// shown preview stale. An answer still on its way for a request changed meanwhile is dropped, never shown for the
// new one (`asked` counts the changes). Each step sends a progress token (X-IU-Progress) and the page shows the
// server's record of it (../progress.ts).
import { ref, shallowRef } from 'vue';
import { toServerError, useIuApi, type ServerError } from '../api.js';
import { useProgress } from '../progress.js';
import { signIfAsked, signingFailure } from '../passkey.js';

/** How a preview ended: shown, refused (its error shown), or dropped (the request changed meanwhile). */
export type PreviewOutcome = 'answered' | 'refused' | 'dropped';

export interface PreviewHooks<Preview> {
	/** Before the answer is shown: what the page derives from it (a tree, its pages). */
	accept?: (answer: Preview) => void;
	/** Before `previewing` ends, whatever the outcome; `at` is the request's count, for `current(at)` after an await. */
	settled?: (outcome: PreviewOutcome, at: number) => Promise<void> | void;
}

export function usePreviewSubmit<Preview, Submitted>() {
	const { post } = useIuApi();
	const { record: progress, start, stop, clear } = useProgress();
	const previewing = ref(false);
	const submitting = ref(false);
	const error = ref<ServerError | null>(null);
	const result = shallowRef<Preview | null>(null);
	const submitted = shallowRef<Submitted | null>(null);
	let asked = 0;

	/** Whether the request is still the one counted `at`. */
	const current = (at: number) => at === asked;

	/** An answer on its way is for a request no longer shown (the page is put back from a draft, say). */
	function supersede(): void {
		asked++;
	}

	/** The request changed: the shown preview, submission and error go, and so does the progress bar. */
	function invalidate(): void {
		asked++;
		result.value = null;
		submitted.value = null;
		error.value = null;
		clear();
	}

	/** Previews the request `request()` builds (it may upload first: a request changed meanwhile is not sent). */
	async function preview(path: string, request: () => unknown, hooks: PreviewHooks<Preview> = {}): Promise<PreviewOutcome> {
		previewing.value = true;
		error.value = null;
		submitted.value = null;
		const at = asked;
		let outcome: PreviewOutcome = 'dropped';
		try {
			const body = await request();
			if (at !== asked) return outcome;
			const token = start();
			const answer = await post<Preview>(path, body, { 'X-IU-Progress': token }).finally(stop);
			// The request changed meanwhile: this answer is not for what the page shows.
			if (at !== asked) return outcome;
			hooks.accept?.(answer);
			result.value = answer;
			outcome = 'answered';
		} catch (e) {
			if (at === asked) {
				error.value = toServerError(e);
				outcome = 'refused';
			}
		} finally {
			await hooks.settled?.(outcome, at);
			previewing.value = false;
		}
		return outcome;
	}

	/**
	 * Submits what `request()` builds (the previewed request with its sha256); `then` runs on the entry it answers. When
	 * the trust policy asks for the submitter's own signature, the browser asks them to unlock their passkey first.
	 */
	async function submit(
		path: string,
		request: () => { manifest_sha256: string } | Promise<{ manifest_sha256: string }>,
		then?: (answer: Submitted) => Promise<void> | void,
	): Promise<void> {
		submitting.value = true;
		error.value = null;
		try {
			const body = await request();
			const signature = await signIfAsked(post, { act: 'submit', manifest_sha256: body.manifest_sha256 });
			const token = start();
			const answer = await post<Submitted>(path, { ...body, ...(signature ? { signature } : {}) }, { 'X-IU-Progress': token }).finally(stop);
			submitted.value = answer;
			await then?.(answer);
		} catch (e) {
			// A passkey prompt the submitter cancelled (or that timed out) is said in words; nothing was sent.
			const said = signingFailure(e);
			error.value = said ? { status: null, code: null, message: said, extensions: {} } : toServerError(e);
		} finally {
			submitting.value = false;
		}
	}

	return { previewing, submitting, error, result, submitted, progress, current, supersede, invalidate, preview, submit };
}
