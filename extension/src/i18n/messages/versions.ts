import type { Catalog } from './catalog.ts';

// The Versions page (module/VersionsPage.vue): a document's text as at a date, and the word diff between two dates.
// Keys are flat: '<what>' or '<what>.one' / '<what>.other'.
export default {
	en: {
		title: 'Versions',
		document: 'A document',
		pick_document: 'Pick a document',
		at: 'The text as at (00:00 UTC of)',
		compare: 'Compare with',
		changes_only: 'Changes only',
		export: 'Export Akoma Ntoso',
		export_title: 'The document as Akoma Ntoso XML, as at the chosen date',
		diff_heading: 'Changes from {from} to {to}',
		no_changes: 'Nothing changed between these dates.',
		as_at: 'as at {date}:',
		version_before: 'version of change set',
		version_after: ', in force from {date}',
		not_yet: 'no text was in force yet',
		shown: 'Showing the first {shown} of {total} units.',
		'empty.title': 'Pick a document',
		'empty.text':
			'Pick a document above to read its text as it stood on a date (today by default). Then choose a second date under “Compare with” to see what changed between the two: words struck out and added, units added, removed or renumbered.',
		'empty.hint': 'Only units that were cut as law in force have a text at a date: a document stored as {term} shows none.',
		'empty.no_documents_title': 'No documents yet',
		'empty.no_documents':
			'Versions appear once a document has been cut and verified. Create the document under Legal documents with its official text, then preview its cut and submit it for review.',
		'empty.documents': 'Open Legal documents',
		'empty.start': 'Start a cut preview',
		help_page:
			'A document’s text as it stood on a date, rebuilt from the ledger: the version in force then, with the change set that made it.\n\nChoose a second date to compare: the page shows each unit that changed between the two dates as a word diff (deleted words struck out, new words underlined), and the units added, removed or renumbered with their old and new addresses.\n\n“Export Akoma Ntoso” saves the document as at the chosen date as Akoma Ntoso XML.',
	},
	vi: {
		title: 'Các phiên bản',
		document: 'Một văn bản',
		pick_document: 'Chọn văn bản',
		at: 'Nội dung tại ngày (00:00 UTC)',
		compare: 'So sánh với ngày',
		changes_only: 'Chỉ phần thay đổi',
		export: 'Xuất Akoma Ntoso',
		export_title: 'Văn bản dưới dạng XML Akoma Ntoso, tại ngày đã chọn',
		diff_heading: 'Thay đổi từ {from} đến {to}',
		no_changes: 'Không có gì thay đổi giữa hai ngày này.',
		as_at: 'tại ngày {date}:',
		version_before: 'phiên bản của bộ thay đổi',
		version_after: ', có hiệu lực từ {date}',
		not_yet: 'khi đó chưa có nội dung nào có hiệu lực',
		shown: 'Đang hiện {shown} trên tổng số {total} đơn vị đầu tiên.',
		'empty.title': 'Chọn một văn bản',
		'empty.text':
			'Chọn một văn bản ở trên để đọc nội dung của nó tại một ngày (mặc định là hôm nay). Sau đó chọn ngày thứ hai ở ô “So sánh với ngày” để xem những gì đã thay đổi giữa hai ngày: từ ngữ bị bỏ và được thêm, các đơn vị được thêm, bãi bỏ hoặc đánh số lại.',
		'empty.hint': 'Chỉ những đơn vị được cắt như văn bản có hiệu lực mới có nội dung tại một ngày: văn bản lưu ở dạng {term} không hiện nội dung nào.',
		'empty.no_documents_title': 'Chưa có văn bản nào',
		'empty.no_documents':
			'Các phiên bản xuất hiện sau khi văn bản đã được cắt và kiểm tra. Hãy tạo văn bản trong mục Văn bản pháp luật với nội dung chính thức, rồi xem trước bản cắt và gửi duyệt.',
		'empty.documents': 'Mở Văn bản pháp luật',
		'empty.start': 'Bắt đầu xem trước bản cắt',
		help_page:
			'Nội dung của văn bản tại một ngày, dựng lại từ sổ cái: phiên bản có hiệu lực khi đó, kèm bộ thay đổi đã tạo ra nó.\n\nChọn ngày thứ hai để so sánh: trang cho thấy từng đơn vị thay đổi giữa hai ngày dưới dạng so sánh từng từ (từ bị bỏ gạch ngang, từ mới gạch chân), cùng các đơn vị được thêm, bãi bỏ hoặc đánh số lại với địa chỉ cũ và mới.\n\n“Xuất Akoma Ntoso” lưu văn bản tại ngày đã chọn dưới dạng XML Akoma Ntoso.',
	},
} satisfies Catalog;
