// Shapes returned by the WASM bindings (extension/wasm/src/lib.rs). Keep in step with it.

/** What is wrong, where (byte offset into the input) and how to fix it. */
export interface CoreError {
	code: string;
	reason: string;
	offset: number | null;
	hint: string;
}

export interface Segment {
	token: string;
	ordinal: string;
}

export interface AddressOutcome {
	ok: boolean;
	canonical?: string;
	address?: { doc: string; segments: Segment[] };
	parent?: string;
	wasCanonical?: boolean;
	error?: CoreError;
}

/** `amendPlan`'s instruction, as the amending law gives it (core::amend::Instruction). */
export interface AmendInstruction {
	id: string;
	provision: string;
	kind: 'replace' | 'insert' | 'repeal' | 'replace-phrase' | 'repeal-phrase' | 'insert-phrase';
	part: 'whole' | 'heading' | 'intro';
	law: string | null;
	targets: string[];
	anchor?: string;
	place?: 'after' | 'before' | 'into';
	old_text?: string;
	new_text?: string;
	effective: string | null;
	words: string;
	span: { line: number; end_line: number; start: number; end: number };
}

/** Words of an amending article the core could not read as an instruction: never guessed. */
export interface AmendUnreadable {
	code: string;
	provision: string;
	line: number;
	offset: number;
	text: string;
	reason: string;
	hint: string;
}

/** An amending law, read (core::amend::AmendingLaw). */
export interface AmendingLawRead {
	doc: string;
	doc_code: string;
	adopted: string | null;
	in_force: string | null;
	laws: { name: string; doc_code: string | null; slug: string | null; article: string }[];
	instructions: AmendInstruction[];
	unreadable: AmendUnreadable[];
}

/** One instruction of one amending law as applied to the document (or not, with why). */
export interface AmendStep {
	ref: string;
	/** The amending law's doc code. */
	law: string;
	provision: string;
	kind: AmendInstruction['kind'];
	part: AmendInstruction['part'];
	/** The law it amends, as the amending law names it. */
	amends: string;
	targets: string[];
	effective: string | null;
	/** The instruction's own words (its quoted new text left out) and the line of the amending law they start on. */
	words: string;
	line: number;
	/**
	 * Where it stands: applied / not-applied in the change set planned now, recorded in change set `entry` already,
	 * later (a later date's change set), waiting (for the open change set `entry` to be cut), other-law.
	 */
	status: 'applied' | 'not-applied' | 'recorded' | 'later' | 'waiting' | 'other-law';
	/** Applied in the change set planned now. */
	applied: boolean;
	/** Applied: the addresses it changed. */
	changed: string[];
	code?: string;
	reason?: string;
	/** What the editor can do about an instruction not applied. */
	hint?: string;
	/** The editor's note, when the editor marked it carried out by hand (envelope: by_hand). */
	by_hand?: string;
	/** Its place (1-based) in the order the document's instructions apply in. */
	order?: number;
	entry?: string;
	recorded_applied?: boolean;
	/** Indices into the manifest's blocks this instruction caused. */
	blocks: number[];
	/** false: it amends another law than this document; listed, never applied. */
	for_document: boolean;
}

/** An amending law's kind and rank: on one day a lower rank applies first (core::amend::Rank). */
export interface AmendRank {
	rank: number;
	kind: string;
}

/** Which laws an amending law names, which is this document, and why none is (core::amend::LawMatch). */
export interface AmendLawMatch {
	laws: { name: string; doc_code: string | null; this_document: boolean }[];
	compared_code: string;
	compared_title: string | null;
	for_document: number;
	other_law: number;
	reason?: string;
	hint?: string;
	/** A citation accepted with another year than the document's code, for the reviewer. */
	warnings?: string[];
}

/** One date of the sequence: its own change set (core::amend::DateGroup). */
export interface AmendDate {
	date: string | null;
	state: 'cut' | 'open' | 'planned' | 'later' | 'waiting';
	changes: boolean;
	instructions: number;
	entries: string[];
}

/** `amendPlan`'s answer: the amending laws read, every step, and the manifest as its stored parts. */
export type AmendPlanOutcome =
	| {
			ok: true;
			laws: AmendingLawRead[];
			ranks: AmendRank[];
			matches: AmendLawMatch[];
			steps: AmendStep[];
			dates: AmendDate[];
			/** The date of the change set planned now (null: undated); absent: nothing is planned. */
			plannedDate?: string | null;
			waiting: string[];
			envelope: string;
			blocks: string[];
			sha256: string;
			/** Always given here: the callers pass the section types. */
			gates: { passed: boolean; gates: unknown[] };
			cutJson: string;
	  }
	| { ok: false; error: CoreError; massRetire?: { retiring: number; live: number; share: number; threshold: number } };
