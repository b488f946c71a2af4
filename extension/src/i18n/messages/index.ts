// Every area's catalog, by the prefix its keys take (`t('<area>.<key>')`).
import type { Catalog } from './catalog.ts';
import common from './common.ts';
import nav from './nav.ts';
import help from './help.ts';
import backlog from './backlog.ts';
import entry from './entry.ts';
import agents from './agents.ts';
import preview from './preview.ts';
import source from './source.ts';
import amend from './amend.ts';
import manual from './manual.ts';
import resolve from './resolve.ts';
import timeline from './timeline.ts';
import versions from './versions.ts';
import crosswalk from './crosswalk.ts';
import operation from './operation.ts';
import studio from './studio.ts';
import errors from './errors.ts';
import flows from './flows.ts';
import diag from './diag.ts';
import trust from './trust.ts';

export type { Catalog };
export const CATALOGS: Record<string, Catalog> = {
	common,
	nav,
	help,
	backlog,
	entry,
	agents,
	preview,
	source,
	amend,
	manual,
	resolve,
	timeline,
	versions,
	crosswalk,
	operation,
	studio,
	trust,
	errors,
	flows,
	diag,
};
