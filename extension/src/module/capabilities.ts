// What the signed-in user may do, asked once per tab: the module hides what
// they cannot use. The server checks every step again; this only shapes the UI.
import { ref, type Ref } from 'vue';
import { useIuApi } from './api.js';
import type { MeResponse } from '../shared/responses.js';

/** GET /me (governance/abilities.ts): the caller and the capabilities they hold. */
export type Me = MeResponse;
/** The capabilities the module's pages ask about. */
export type Capability = keyof Me['capabilities'];

let cached: Promise<Me> | undefined;
const me: Ref<Me | null> = ref(null);

export function useCapabilities() {
	const { get } = useIuApi();
	cached ??= get<Me>('/me')
		.then((m) => (me.value = m))
		.catch((e) => {
			cached = undefined;
			throw e;
		});
	cached.catch(() => undefined);
	return { me, can: (c: Capability) => me.value?.capabilities[c] === true };
}
