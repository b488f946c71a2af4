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
