import type { Catalog } from './catalog.ts';

// Strings of the module's "amend" area (see ../index.ts). Keys are flat: '<what>' or '<what>.one' / '<what>.other'.
export default {
	en: {},
	vi: {},
} satisfies Catalog;
