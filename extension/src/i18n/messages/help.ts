import type { Catalog } from './catalog.ts';

// The help panel of each page (`page.<page>`, paragraphs split on blank lines) and the workflow's terms
// (`term.<term>.name` / `term.<term>.text`), explained wherever they appear (module/Term.vue, HelpPanel.vue).
export default {
	en: {
		panel_title: 'Help',
		terms_title: 'Terms on this page',
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
		'page.preview':
			'Preview shows how a document\'s text is cut into units (Điều, Khoản, Điểm) and the manifest that would bring the stored units to that cut. Nothing is written until a reviewer approves it.\n\nWhat to do first: pick a document, choose "Enacted law" or "Draft only", then "Preview the cut". Diagnostics are listed errors first, grouped by code; a click shows the line in the text, and a proposed repair applies with one action.\n\nWhen every gate passes, submit: the page says what submitting will do.',
		'page.amend':
			"Apply an amending law: the core reads the amending law's instructions (sửa đổi, bổ sung, bãi bỏ, thay thế) and applies them to the amended document's stored units, giving an ordinary manifest.\n\nWhat to do first: pick the amended document, then the amending law (a stored document, or its code, title and full text), and preview. Each instruction is shown with the blocks it produced, or why it could not be applied; words that could not be read are listed too.\n\nSubmit the manifest for review like any cut.",
		'term.change_set.name': 'change set',
		'term.change_set.text':
			'What one CUT wrote: every unit and alias row a manifest created, changed or retired, under one id. A change set can be verified, swept, and undone only by another governed change.',
		'term.executor_agent.name': 'executor agent',
		'term.executor_agent.text':
			'An automated identity (no person, no app seat) that runs the CUT of an approved manifest, signed as itself in the ledger. An institution can make it wait for a go-ahead, or let a human executor act instead.',
		'term.verifier.name': 'verifier',
		'term.verifier.text': 'The person or agent that runs VERIFY after a CUT: it checks that the store holds exactly what the manifest said. Never the one who ran the CUT.',
		'term.go_ahead.name': 'go-ahead',
		'term.go_ahead.text':
			'An explicit "run it now" given by a person before the executor agent runs a CUT, where the institution asks for one. The ledger records who gave it and when.',
		'term.ledger.name': 'ledger',
		'term.ledger.text':
			'The append-only, signed record of every step: submitted, approved, cut, verified, swept. Nothing in it is edited or deleted; each row is chained to the one before.',
		'term.reviewer.name': 'reviewer',
		'term.reviewer.text': 'The person who approves or rejects a manifest by its sha256. Never the person who submitted it.',
		'term.canonical_address.name': 'canonical address',
		'term.canonical_address.text':
			"A unit's stable address, made from its document and its numbers, e.g. 45-2019-qh14/dieu-44/khoan-1/diem-dd. Citations use it; a renumbering leaves an alias behind.",
		'term.diagnostic.name': 'diagnostic',
		'term.diagnostic.text':
			'What the core found in a text while cutting it, at a line: an error stops the cut (e.g. two clauses numbered 1.), a warning does not (e.g. a gap in the numbering). Some come with a proposed repair of the text.',
		'term.cut.name': 'CUT',
		'term.cut.text':
			'The step that applies an approved manifest to the store, in one transaction: all of it or nothing. Run by the executor (an agent or a person), never by the reviewer who approved it.',
		'term.verify.name': 'VERIFY',
		'term.verify.text': "The step after a CUT that reads the store back and checks it against the manifest's after-images. Run by someone other than the executor.",
	},
	vi: {
		panel_title: 'Hướng dẫn',
		terms_title: 'Thuật ngữ trên trang này',
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
		'term.draft_only.text':
			'Các đơn vị được lưu dưới dạng dự thảo, không phải văn bản có hiệu lực: vẫn được lưu và có địa chỉ, nhưng không câu trả lời theo thời điểm nào coi chúng là văn bản pháp luật.',
		'page.preview':
			'Xem trước cho thấy toàn văn của một văn bản được cắt thành các đơn vị (Điều, Khoản, Điểm) ra sao, và bản kê thay đổi sẽ đưa các đơn vị đang lưu về đúng kết quả cắt ấy. Chưa có gì được ghi cho đến khi người duyệt phê duyệt.\n\nViệc đầu tiên: chọn văn bản, chọn "Văn bản đã ban hành" hoặc "Chỉ là dự thảo", rồi bấm "Xem trước bước cắt". Các chẩn đoán được liệt kê lỗi trước, nhóm theo mã; bấm vào một chẩn đoán để xem dòng tương ứng trong văn bản, và áp dụng cách sửa được đề xuất chỉ bằng một thao tác.\n\nKhi mọi cổng kiểm tra đều đạt, hãy gửi: trang cho biết việc gửi sẽ làm gì.',
		'page.amend':
			'Áp dụng văn bản sửa đổi: bộ lõi đọc các quy định sửa đổi, bổ sung, bãi bỏ, thay thế của văn bản sửa đổi và áp dụng chúng vào các đơn vị đang lưu của văn bản được sửa đổi, tạo ra một bản kê thay đổi thông thường.\n\nViệc đầu tiên: chọn văn bản được sửa đổi, rồi văn bản sửa đổi (một văn bản đã lưu, hoặc số hiệu, tên và toàn văn của nó), và xem trước. Mỗi quy định sửa đổi được hiển thị cùng các khối mà nó tạo ra, hoặc lý do không áp dụng được; những câu chữ không đọc được cũng được liệt kê.\n\nGửi bản kê thay đổi để duyệt như mọi bước cắt.',
		'term.change_set.name': 'bộ thay đổi',
		'term.change_set.text':
			'Những gì một lần CẮT đã ghi: mọi đơn vị và bí danh mà bản kê thay đổi tạo, sửa hoặc bãi bỏ, dưới một mã duy nhất. Một bộ thay đổi được kiểm tra, khép lại, và chỉ được hoàn tác bằng một thay đổi khác qua quy trình.',
		'term.executor_agent.name': 'tác tử thực hiện',
		'term.executor_agent.text':
			'Một danh tính tự động (không phải người, không chiếm chỗ người dùng) chạy bước CẮT của bản kê đã được phê duyệt, ký tên của chính nó trong sổ cái. Cơ quan có thể yêu cầu nó chờ lệnh cho phép, hoặc để một người thực hiện thay.',
		'term.verifier.name': 'người kiểm tra',
		'term.verifier.text': 'Người hoặc tác tử chạy bước KIỂM TRA sau khi CẮT: xác minh kho lưu trữ chứa đúng những gì bản kê thay đổi ghi. Không bao giờ là người đã chạy bước CẮT.',
		'term.go_ahead.name': 'lệnh cho phép',
		'term.go_ahead.text': 'Lệnh "chạy ngay" do một người đưa ra trước khi tác tử thực hiện chạy bước CẮT, ở nơi cơ quan yêu cầu. Sổ cái ghi ai đã cho phép và khi nào.',
		'term.ledger.name': 'sổ cái',
		'term.ledger.text':
			'Bản ghi chỉ-ghi-thêm, có chữ ký, của mọi bước: gửi, phê duyệt, cắt, kiểm tra, khép lại. Không có gì trong đó bị sửa hay xóa; mỗi dòng được nối chuỗi với dòng trước.',
		'term.reviewer.name': 'người duyệt',
		'term.reviewer.text': 'Người phê duyệt hoặc từ chối một bản kê thay đổi theo mã sha256 của nó. Không bao giờ là người đã gửi bản kê ấy.',
		'term.canonical_address.name': 'địa chỉ chuẩn',
		'term.canonical_address.text':
			'Địa chỉ ổn định của một đơn vị, tạo từ văn bản và các số hiệu, ví dụ 45-2019-qh14/dieu-44/khoan-1/diem-dd. Các trích dẫn dùng địa chỉ này; khi đánh số lại, một bí danh được giữ lại.',
		'term.diagnostic.name': 'chẩn đoán',
		'term.diagnostic.text':
			'Điều bộ lõi phát hiện trong văn bản khi cắt, tại một dòng: lỗi làm dừng bước cắt (ví dụ hai khoản cùng đánh số 1.), cảnh báo thì không (ví dụ số thứ tự bị nhảy). Một số chẩn đoán kèm đề xuất sửa văn bản.',
		'term.cut.name': 'CẮT',
		'term.cut.text':
			'Bước áp dụng bản kê thay đổi đã được phê duyệt vào kho lưu trữ, trong một giao dịch: tất cả hoặc không gì cả. Do người thực hiện (tác tử hoặc người) chạy, không bao giờ do người duyệt đã phê duyệt.',
		'term.verify.name': 'KIỂM TRA',
		'term.verify.text': 'Bước sau khi CẮT: đọc lại kho lưu trữ và đối chiếu với trạng thái sau thay đổi mà bản kê ghi. Do một người khác người thực hiện chạy.',
	},
} satisfies Catalog;
