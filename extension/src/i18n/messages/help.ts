import type { Catalog } from './catalog.ts';

// The help panel of each page (`page.<page>`, paragraphs split on blank lines) and the workflow's terms
// (`term.<term>.name` / `term.<term>.text`), explained wherever they appear (module/Term.vue, HelpPanel.vue).
export default {
	en: {
		panel_title: 'Help',
		'term.manifest.name': 'manifest',
		'term.manifest.text':
			'The exact list of changes a CUT will make to the units (one block per unit created, changed, readdressed or retired), identified by its sha256. A reviewer approves that sha256; the CUT applies exactly that manifest or nothing.',
		'term.enact.name': 'enact',
		'term.enact.text':
			'Enacting records the document as law in force from its effective date: its units get addresses that resolvers serve from that date. Without it the units are stored as a draft (draft_only) that no resolver serves as law.',
		'term.authority.name': 'authority',
		'term.authority.text': 'Whether a unit is law in force (enacted) or only a draft (draft_only). Only enacted units answer point-in-time questions.',
		'term.sweep.name': 'sweep',
		'term.sweep.text': 'Closing a backlog entry once its CUT has been verified: the sweep is recorded in the ledger and the entry leaves the open backlog.',
		'term.alias.name': 'alias',
		'term.alias.text':
			'An old address that still leads to a unit after it was renumbered, split or merged, valid for a window of dates. Resolving an old address at a date follows its aliases.',
		'term.draft_only.name': 'draft_only',
		'term.draft_only.text': 'Units stored as a draft, not as law in force: kept and addressable, but no point-in-time answer treats them as the law.',
	},
	vi: {
		panel_title: 'Hướng dẫn',
		'term.manifest.name': 'bản kê thay đổi',
		'term.manifest.text':
			'Danh sách chính xác các thay đổi mà bước CẮT sẽ thực hiện trên các đơn vị (mỗi khối là một đơn vị được tạo, sửa, đổi địa chỉ hoặc bãi bỏ), được nhận diện bằng mã sha256. Người duyệt phê duyệt mã sha256 đó; bước CẮT áp dụng đúng bản kê ấy hoặc không làm gì.',
		'term.enact.name': 'ban hành',
		'term.enact.text':
			'Ban hành ghi nhận văn bản là văn bản có hiệu lực từ ngày hiệu lực: các đơn vị được cấp địa chỉ mà bộ tra cứu trả lời từ ngày đó. Nếu không ban hành, các đơn vị được lưu dưới dạng dự thảo (draft_only), không được tra cứu như văn bản có hiệu lực.',
		'term.authority.name': 'hiệu lực pháp lý',
		'term.authority.text': 'Đơn vị là văn bản có hiệu lực (đã ban hành) hay chỉ là dự thảo (draft_only). Chỉ các đơn vị đã ban hành mới trả lời câu hỏi theo thời điểm.',
		'term.sweep.name': 'khép lại',
		'term.sweep.text': 'Đóng một mục việc sau khi bước CẮT của nó đã được kiểm tra: việc khép lại được ghi vào sổ cái và mục việc rời khỏi danh sách đang mở.',
		'term.alias.name': 'bí danh',
		'term.alias.text':
			'Địa chỉ cũ vẫn dẫn tới một đơn vị sau khi đơn vị ấy được đánh số lại, tách hoặc gộp, có hiệu lực trong một khoảng thời gian. Tra cứu một địa chỉ cũ tại một ngày sẽ đi theo các bí danh của nó.',
		'term.draft_only.name': 'draft_only (chỉ là dự thảo)',
		'term.draft_only.text': 'Các đơn vị được lưu dưới dạng dự thảo, không phải văn bản có hiệu lực: vẫn được lưu và có địa chỉ, nhưng không câu trả lời theo thời điểm nào coi chúng là văn bản pháp luật.',
	},
} satisfies Catalog;
