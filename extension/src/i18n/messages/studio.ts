import type { Catalog } from './catalog.ts';

// Strings of the Data Studio's side of iu-cutter (see ../index.ts): the workflow notice on the item forms of
// units, aliases and the ledger (interface/WorkflowNotice.vue, migration iu0014), the "Canonical address"
// interface and display, and their definitions. Keys are flat: '<what>' or '<what>.one' / '<what>.other'.
export default {
	en: {
		'notice.interface_name': 'IU Cutter workflow notice',
		'notice.interface_description': 'Says that the item changes only through the IU Cutter workflow, with a link to it.',
		'notice.unit':
			'This unit is read-only here. Units change only through the IU Cutter workflow: change the document’s text or apply an amending law, preview the cut, submit the manifest; after a reviewer approves it, the CUT applies it and VERIFY checks it. Every step is recorded in the ledger.',
		'notice.alias': 'This alias is read-only here. Aliases are created and closed only by the IU Cutter workflow, when a CUT renumbers, splits, merges or repeals units.',
		'notice.ledger': 'This is a row of the governance ledger: it is appended by the IU Cutter workflow and never changed or deleted, by anyone.',
		'notice.open': 'Open IU Cutter',
		'notice.unit_timeline': 'This unit’s history',
		'notice.entry_page': 'This entry in IU Cutter',

		'address.name': 'Canonical address',
		'vocabulary.name': 'IU Cutter vocabulary',
		'vocabulary.description': 'The vocabularies by name; follows the document’s language until one is picked.',
		'vocabulary.option_choices': 'Vocabularies (text and value)',
		'vocabulary.placeholder': 'Choose the vocabulary the text is cut with',
		'vocabulary.followed': 'Set to the default of the language {language}; pick another if the text reads better with it (the preview says so).',
		'address.description': 'Checks a canonical address as you type, in the browser, with the IU Cutter core.',
		'address.option_document': 'Default document code',
		'address.placeholder': '45-2019-qh14/dieu-44/khoan-1/diem-dd',
		'address.canonical_form': 'Canonical form:',
		'address.use_it': 'Use it',
		'address.at_byte': 'at byte {offset}:',

		'citation.name': 'Canonical address',
		'citation.description': 'Shows a canonical address as a readable citation, in the language of its document (IU Cutter core, in the browser).',
		'citation.option_show': 'Show',
		'citation.show_citation': 'Citation, address on hover',
		'citation.show_both': 'Citation and address',
	},
	vi: {
		'notice.interface_name': 'Thông báo quy trình IU Cutter',
		'notice.interface_description': 'Cho biết mục này chỉ được thay đổi qua quy trình IU Cutter, kèm liên kết tới quy trình.',
		'notice.unit':
			'Đơn vị này chỉ được xem tại đây. Các đơn vị chỉ thay đổi qua quy trình IU Cutter: sửa nội dung văn bản hoặc áp dụng văn bản sửa đổi, xem trước kết quả cắt, gửi bản kê thay đổi; sau khi người duyệt phê duyệt, bước CẮT áp dụng và bước KIỂM TRA xác minh. Mọi bước đều được ghi vào sổ cái.',
		'notice.alias': 'Bí danh này chỉ được xem tại đây. Bí danh chỉ được tạo và đóng bởi quy trình IU Cutter, khi bước CẮT đánh số lại, tách, gộp hoặc bãi bỏ đơn vị.',
		'notice.ledger': 'Đây là một dòng của sổ cái quản trị: do quy trình IU Cutter ghi thêm và không ai được sửa hay xóa.',
		'notice.open': 'Mở IU Cutter',
		'notice.unit_timeline': 'Lịch sử của đơn vị này',
		'notice.entry_page': 'Mục việc này trong IU Cutter',

		'address.name': 'Địa chỉ chuẩn',
		'vocabulary.name': 'Bộ từ vựng IU Cutter',
		'vocabulary.description': 'Các bộ từ vựng theo tên; đi theo ngôn ngữ của văn bản cho đến khi bạn chọn một bộ.',
		'vocabulary.option_choices': 'Các bộ từ vựng (tên và giá trị)',
		'vocabulary.placeholder': 'Chọn bộ từ vựng dùng để cắt văn bản',
		'vocabulary.followed': 'Đã đặt theo mặc định của ngôn ngữ {language}; chọn bộ khác nếu văn bản đọc tốt hơn với bộ đó (bản xem trước sẽ cho biết).',
		'address.description': 'Kiểm tra địa chỉ chuẩn ngay khi gõ, trong trình duyệt, bằng lõi IU Cutter.',
		'address.option_document': 'Số hiệu văn bản mặc định',
		'address.placeholder': '45-2019-qh14/dieu-44/khoan-1/diem-dd',
		'address.canonical_form': 'Dạng chuẩn:',
		'address.use_it': 'Dùng dạng này',
		'address.at_byte': 'tại byte {offset}:',

		'citation.name': 'Địa chỉ chuẩn',
		'citation.description': 'Hiển thị địa chỉ chuẩn thành trích dẫn dễ đọc, theo ngôn ngữ của văn bản (lõi IU Cutter, trong trình duyệt).',
		'citation.option_show': 'Hiển thị',
		'citation.show_citation': 'Trích dẫn, địa chỉ khi rê chuột',
		'citation.show_both': 'Trích dẫn và địa chỉ',
	},
} satisfies Catalog;
