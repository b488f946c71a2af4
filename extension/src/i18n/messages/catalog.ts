/** One area's strings: the same keys in both languages. */
export interface Catalog {
	en: Record<string, string>;
	vi: Record<string, string>;
}
