import type { Catalog } from './catalog.ts';

// The module's navigation (module/ModuleNav.vue).
export default {
	en: {
		backlog: 'Backlog',
		preview: 'Cut preview',
		amend: 'Apply an amending law',
		crosswalk: 'Import a crosswalk',
		timeline: 'Ledger timeline',
		resolve: 'Point-in-time resolver',
		versions: 'Versions',
		trust: 'Trust policy',
		new_document: 'New legal document',
	},
	vi: {
		backlog: 'Việc chờ xử lý',
		preview: 'Xem trước khi cắt',
		amend: 'Áp dụng văn bản sửa đổi',
		crosswalk: 'Nhập bảng đối chiếu',
		timeline: 'Dòng thời gian sổ cái',
		resolve: 'Tra cứu theo thời điểm',
		versions: 'Các phiên bản',
		trust: 'Chính sách tin cậy',
		new_document: 'Thêm văn bản pháp luật',
	},
} satisfies Catalog;
