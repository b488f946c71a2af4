// A response already serialized by the core (a large resolve batch): the
// endpoint sends the text as it is instead of making JS objects of it and
// stringifying them again; the Flows operation, which hands values to the
// next step, parses it.
export class RawJson {
	constructor(readonly text: string) {}

	value(): unknown {
		return JSON.parse(this.text);
	}
}
