// iu0015 — the legal document's form in the user's language, and a vocabulary that follows the language (issue 46:
// "the document form's labels (Doc Code, Source Text) are in English"; "choosing Language “en” in the document form
// leaves Vocabulary on Vietnamese"). Here:
// - every field of legal_document gains its label in English and Vietnamese (directus_fields.translations, which
//   the Data Studio shows in the user's language instead of the field's key in title case);
// - legal_document.vocabulary is shown by the extension's "IU Cutter vocabulary" interface (iu-vocabulary): the
//   same dropdown of the vocabularies by name (iu0007's choices, kept), which moves to the language's default when
//   the language changes, unless the user picked a vocabulary.
//
// - the collection itself is named in both languages (directus_collections.translations: "Văn bản pháp luật", not
//   "Legal Document", in the navigation and the form's title).
//
// Touches metadata rows only: directus_fields rows and the directus_collections row of legal_document updated; no
// table, column or collection added or removed. It
// refuses to run over labels an admin set already. `down` puts back what iu0001 and iu0007 left: no translations,
// the select-dropdown interface.

export const VOCABULARY_INTERFACE = 'iu-vocabulary';
const DROPDOWN = 'select-dropdown';

/** The labels of legal_document's fields, [English, Vietnamese]. */
export const LABELS = {
	doc_code: ['Document code', 'Số, ký hiệu'],
	slug: ['Address prefix', 'Tiền tố địa chỉ'],
	title: ['Title', 'Trích yếu'],
	language: ['Language', 'Ngôn ngữ'],
	vocabulary: ['Vocabulary', 'Bộ từ vựng'],
	source_text: ['Source text', 'Toàn văn'],
	source_sha256: ['Source text sha256', 'sha256 của toàn văn'],
	units: ['Units', 'Các đơn vị'],
	created_at: ['Created', 'Ngày tạo'],
	updated_at: ['Updated', 'Ngày cập nhật'],
};

// The languages the Data Studio ships whose users read these labels; any other reads the English one.
const translations = ([en, vi]) =>
	JSON.stringify([
		{ language: 'en-US', translation: en },
		{ language: 'en-GB', translation: en },
		{ language: 'vi-VN', translation: vi },
	]);

const COLLECTION = 'legal_document';

/** The collection's name, [English, Vietnamese] × [name, singular, plural]. */
export const COLLECTION_NAMES = {
	en: ['Legal documents', 'Legal document', 'Legal documents'],
	vi: ['Văn bản pháp luật', 'Văn bản pháp luật', 'Các văn bản pháp luật'],
};
const collectionTranslations = () =>
	JSON.stringify(
		[
			['en-US', COLLECTION_NAMES.en],
			['en-GB', COLLECTION_NAMES.en],
			['vi-VN', COLLECTION_NAMES.vi],
		].map(([language, [translation, singular, plural]]) => ({ language, translation, singular, plural })),
	);
const sameJson = (value, json) => value !== null && value !== undefined && JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value) === json;

export async function up(knex) {
	await knex.transaction(async (trx) => {
		const rows = await trx('directus_fields').where({ collection: COLLECTION }).whereIn('field', Object.keys(LABELS)).select('field', 'translations', 'interface');
		const missing = Object.keys(LABELS).filter((f) => !rows.some((r) => r.field === f));
		if (missing.length) throw new Error(`iu0015: directus_fields has no row for ${missing.map((f) => `${COLLECTION}.${f}`).join(', ')}: apply iu0001 first`);
		const labelled = rows.filter((r) => r.translations !== null && r.translations !== undefined && r.translations !== '' && r.translations !== 'null');
		if (labelled.length) throw new Error(`iu0015: ${labelled.map((r) => `${COLLECTION}.${r.field}`).join(', ')} already have translations (set by an admin); clear them or keep them and skip this migration`);
		const vocabulary = rows.find((r) => r.field === 'vocabulary');
		if (vocabulary.interface !== DROPDOWN) throw new Error(`iu0015: ${COLLECTION}.vocabulary uses the interface "${vocabulary.interface}", expected "${DROPDOWN}" (iu0001)`);
		for (const [field, label] of Object.entries(LABELS)) {
			await trx('directus_fields').where({ collection: COLLECTION, field }).update({ translations: translations(label) });
		}
		await trx('directus_fields').where({ collection: COLLECTION, field: 'vocabulary' }).update({ interface: VOCABULARY_INTERFACE });
		const collection = await trx('directus_collections').where({ collection: COLLECTION }).first('translations');
		if (!collection) throw new Error(`iu0015: directus_collections has no row for ${COLLECTION}: apply iu0001 first`);
		// An admin's own names for the collection stay.
		if (collection.translations === null || collection.translations === undefined || collection.translations === '' || collection.translations === 'null')
			await trx('directus_collections').where({ collection: COLLECTION }).update({ translations: collectionTranslations() });
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		await trx('directus_fields').where({ collection: COLLECTION, field: 'vocabulary', interface: VOCABULARY_INTERFACE }).update({ interface: DROPDOWN });
		// Only the labels this migration wrote (an admin's since stay). Compared here, not in SQL: PostgreSQL keeps
		// translations as json, which has no equality operator.
		const rows = await trx('directus_fields').where({ collection: COLLECTION }).whereIn('field', Object.keys(LABELS)).select('id', 'field', 'translations');
		for (const r of rows) {
			if (sameJson(r.translations, translations(LABELS[r.field]))) await trx('directus_fields').where({ id: r.id }).update({ translations: null });
		}
		const collection = await trx('directus_collections').where({ collection: COLLECTION }).first('translations');
		if (collection && sameJson(collection.translations, collectionTranslations())) await trx('directus_collections').where({ collection: COLLECTION }).update({ translations: null });
	});
}
