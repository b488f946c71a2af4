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
	targets: string[];
	effective: string | null;
	/** The instruction's own words (its quoted new text left out) and the line of the amending law they start on. */
	words: string;
	line: number;
	applied: boolean;
	/** Applied: the addresses it changed. */
	changed: string[];
	code?: string;
	reason?: string;
	/** Indices into the manifest's blocks this instruction caused. */
	blocks: number[];
	/** false: it amends another law than this document; listed, never applied. */
	for_document: boolean;
}

/** `amendPlan`'s answer: the amending laws read, every step, and the manifest as its stored parts. */
export type AmendPlanOutcome =
	| {
			ok: true;
			laws: AmendingLawRead[];
			steps: AmendStep[];
			envelope: string;
			blocks: string[];
			sha256: string;
			/** Always given here: the callers pass the section types. */
			gates: { passed: boolean; gates: unknown[] };
			cutJson: string;
	  }
	| { ok: false; error: CoreError; massRetire?: { retiring: number; live: number; share: number; threshold: number } };
