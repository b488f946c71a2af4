import type { Catalog } from './catalog.ts';

// The ledger timeline (module/TimelinePage.vue): a document's or a unit's story in the ledger.
// Keys are flat: '<what>' or '<what>.one' / '<what>.other'.
export default {
	en: {
		title: 'Ledger timeline',
		document: 'A document',
		pick_document: 'Pick a document',
		unit: '…or one unit, by any address it has had',
		show_unit: 'Show the unit’s timeline',
		unit_heading: 'Unit',
		unit_changes: 'What each change set did to this unit',
		'col.action': 'Action',
		'col.address': 'Address',
		'col.at': 'At',
		'col.after': 'Content after',
		'col.amended_by': 'Amended by',
		notes_title: 'Publisher’s notes on this unit',
		notes_help:
			'Publisher’s notes are what the source printed in brackets beside the provision, such as “[Khoản này được sửa đổi bởi …]”. They are not text of the law: the cut keeps them out of the unit’s text and its hash, and keeps them here.',
		in_force: ', in force {date}',
		events: 'Workflow events, oldest first',
		'empty.title': 'Pick a document or a unit',
		'empty.text':
			'The timeline tells a document’s story from the ledger: who submitted, approved, cut, verified and swept each change, and when. Pick a document above, or type the address of one unit (an old address works too: its aliases lead to the unit) to see what each change set did to it and which amending law asked for it.',
		'empty.no_documents_title': 'No documents yet',
		'empty.no_documents':
			'A timeline needs a document with at least one entry. Create the document under Legal documents with its official text, then preview its cut and submit it for review.',
		'empty.documents': 'Open Legal documents',
		'empty.start': 'Start a cut preview',
		help_page:
			'Every step of the workflow is recorded in an append-only, signed ledger. This page reads it back as a story, oldest first.\n\nPick a document to see every entry of it: submitted, approved or rejected (with the reviewer’s comment), cut, verified, swept.\n\nOr type one unit’s address, even an address it had before a renumbering: the page shows each change set that touched the unit, its text’s hash after the change, and the instruction of the amending law behind it.',
	},
	vi: {
		title: 'Dòng thời gian sổ cái',
		document: 'Một văn bản',
		pick_document: 'Chọn văn bản',
		unit: '…hoặc một đơn vị, theo bất kỳ địa chỉ nào nó từng có',
		show_unit: 'Xem dòng thời gian của đơn vị',
		unit_heading: 'Đơn vị',
		unit_changes: 'Mỗi bộ thay đổi đã làm gì với đơn vị này',
		'col.action': 'Thao tác',
		'col.address': 'Địa chỉ',
		'col.at': 'Thời điểm',
		'col.after': 'Nội dung sau',
		'col.amended_by': 'Được sửa đổi bởi',
		notes_title: 'Ghi chú của nguồn về đơn vị này',
		notes_help:
			'Ghi chú của nguồn là phần trang nguồn in trong ngoặc vuông bên cạnh điều khoản, ví dụ “[Khoản này được sửa đổi bởi …]”. Đó không phải là nội dung văn bản: khi cắt, ghi chú được tách khỏi nội dung và mã băm của đơn vị và được giữ lại ở đây.',
		in_force: ', có hiệu lực từ {date}',
		events: 'Các sự kiện của quy trình, cũ nhất trước',
		'empty.title': 'Chọn một văn bản hoặc một đơn vị',
		'empty.text':
			'Dòng thời gian kể lại lịch sử của một văn bản theo sổ cái: ai đã gửi duyệt, phê duyệt, cắt, kiểm tra và khép lại từng thay đổi, vào lúc nào. Hãy chọn một văn bản ở trên, hoặc nhập địa chỉ của một đơn vị (địa chỉ cũ cũng được: các bí danh sẽ dẫn tới đơn vị) để xem mỗi bộ thay đổi đã làm gì với đơn vị đó và văn bản sửa đổi nào yêu cầu thay đổi ấy.',
		'empty.no_documents_title': 'Chưa có văn bản nào',
		'empty.no_documents':
			'Dòng thời gian cần một văn bản có ít nhất một mục việc. Hãy tạo văn bản trong mục Văn bản pháp luật với nội dung chính thức, rồi xem trước bản cắt và gửi duyệt.',
		'empty.documents': 'Mở Văn bản pháp luật',
		'empty.start': 'Bắt đầu xem trước bản cắt',
		help_page:
			'Mỗi bước của quy trình được ghi vào một sổ cái chỉ ghi thêm, có chữ ký. Trang này đọc lại sổ cái thành một câu chuyện, cũ nhất trước.\n\nChọn một văn bản để xem mọi mục việc của nó: đã gửi duyệt, đã phê duyệt hoặc bị từ chối (kèm ý kiến của người duyệt), đã cắt, đã kiểm tra, đã khép lại.\n\nHoặc nhập địa chỉ của một đơn vị, kể cả địa chỉ nó có trước khi được đánh số lại: trang cho thấy từng bộ thay đổi đã tác động tới đơn vị, mã băm nội dung sau thay đổi và quy định của văn bản sửa đổi đứng sau thay đổi đó.',
	},
} satisfies Catalog;
