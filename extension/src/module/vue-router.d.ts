// vue-router is the Data Studio's own (shared with app extensions, external to our bundle: the SDK's
// APP_SHARED_DEPS), so it is not installed here: the little of it the pages use, as vue-router 4.6 (Directus 12's
// app) declares it, for `vue-tsc --noEmit`.
declare module 'vue-router' {
	export type LocationQueryValue = string | null;
	export type LocationQueryValueRaw = LocationQueryValue | number | undefined;
	export type LocationQuery = Record<string, LocationQueryValue | LocationQueryValue[]>;
	export type LocationQueryRaw = Record<string | number, LocationQueryValueRaw | LocationQueryValueRaw[]>;
	/** Where to go: a path, or a location object (the current path when it names none). */
	export type RouteLocationRaw = string | { path?: string; query?: LocationQueryRaw; hash?: string; replace?: boolean; force?: boolean };
	/** A navigation that did not happen: aborted (4), cancelled (8) or to where the app already is (16). */
	export interface NavigationFailure extends Error {
		type: 4 | 8 | 16;
	}
	export interface RouteLocationNormalizedLoaded {
		path: string;
		fullPath: string;
		query: LocationQuery;
		hash: string;
	}
	export interface Router {
		push(to: RouteLocationRaw): Promise<NavigationFailure | void | undefined>;
		replace(to: RouteLocationRaw): Promise<NavigationFailure | void | undefined>;
	}
	export function useRoute(): RouteLocationNormalizedLoaded;
	export function useRouter(): Router;
}
