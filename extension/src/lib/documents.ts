// The documents' human labels (doc code, title, language) by slug, fetched once
// per tab for the display: a list of 1 000 units renders 1 000 citations from
// one request. A user who may not read legal_document gets addresses cited by slug.
import type { AxiosInstance } from 'axios';

export interface DocumentLabel {
	slug: string;
	doc_code: string;
	title: string | null;
	language: string;
}

let loading: Promise<Map<string, DocumentLabel>> | undefined;

export function documentsBySlug(api: AxiosInstance): Promise<Map<string, DocumentLabel>> {
	loading ??= api
		.get('/items/legal_document', { params: { fields: ['slug', 'doc_code', 'title', 'language'], limit: -1 } })
		.then((r) => new Map((r.data.data as DocumentLabel[]).map((d) => [d.slug, d])))
		.catch(() => new Map());
	return loading;
}
