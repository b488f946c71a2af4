// What the signed-in user may do, asked once per tab: the module hides what
// they cannot use. The server checks every step again; this only shapes the UI.
import { ref, type Ref } from 'vue';
import { useIuApi } from './api.js';

export type Capability = 'preview' | 'submit' | 'review' | 'cut' | 'verify' | 'sweep' | 'rollback' | 'resolve' | 'audit';
export interface Me {
	user: string | null;
	capabilities: Record<Capability, boolean>;
}

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
