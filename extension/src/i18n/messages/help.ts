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
		'page.backlog':
			"The backlog lists every change of a document's units that is under way: each entry is one manifest, from its submission to its sweep. Open an entry to review it, or to see who cut and verified it.\n\nWhat to do first: with no entry yet, preview a cut (Cut preview: pick a document, say whether it is law in force, preview, submit). An amending law starts at \"Apply an amending law\".\n\nNothing changes a unit without this path: submit → review by another person → CUT → VERIFY by someone other than the executor → sweep, each step signed in the ledger.",
		'page.preview':
			"Preview shows how a document's text is cut into units (Điều, Khoản, Điểm) and the manifest that would bring the stored units to that cut. Nothing is written until a reviewer approves it.\n\nWhat to do first: pick a document, choose \"Enacted law\" or \"Draft only\", then \"Preview the cut\". Diagnostics are listed errors first, grouped by code; a click shows the line in the text, and a proposed repair applies with one action.\n\nWhen every gate passes, submit: the page says what submitting will do.",
		'page.amend':
			"Apply an amending law: the core reads the amending law's instructions (sửa đổi, bổ sung, bãi bỏ, thay thế) and applies them to the amended document's stored units, giving an ordinary manifest.\n\nWhat to do first: pick the amended document, then the amending law (a stored document, or its code, title and full text), and preview. Each instruction is shown with the blocks it produced, or why it could not be applied; words that could not be read are listed too.\n\nSubmit the manifest for review like any cut.",
		'page.entry':
			"One backlog entry: its manifest (the blocks, each unit's text before and after), its state and its history in the ledger.\n\nWhat to do first: a reviewer (not the submitter) reads the blocks, then approves or rejects the manifest's sha256 with a comment. After approval the executor agent runs the CUT, and a verifier other than the executor runs VERIFY; then the entry is swept.",
		'page.crosswalk':
			"A crosswalk is a table from old addresses to new ones (e.g. a renumbering published with a consolidated text). Importing it creates aliases, so old citations still lead to the right unit.\n\nWhat to do first: pick the document, paste or upload the table, and preview. Every row is checked against the document's units; errors come with their line and column. Then submit it for review like any cut.",
		'page.timeline':
			"The ledger's timeline: every step of every entry (submitted, approved, cut, verified, swept, rejected), in order, with who did it and its signature.\n\nWhat to do first: filter by document, entry or person, or leave it open to see the latest steps. The ledger is append-only: nothing in it is edited or deleted.",
		'page.resolve':
			"The point-in-time resolver answers \"what did this provision say on this date?\" for a canonical address (e.g. 45-2019-qh14/dieu-44/khoan-1) or an old address that an alias still leads from.\n\nWhat to do first: type an address and pick a date. Only enacted units answer; a repealed unit says since when, with its last text.",
		'page.versions':
			"Every version of a unit or document, each with the window of dates it was in force and the change set that made it; two versions can be compared word by word.\n\nWhat to do first: pick a document and a unit, then a version, or two to compare.",
		'term.change_set.name': "change set",
		'term.change_set.text':
			"What one CUT wrote: every unit and alias row a manifest created, changed or retired, under one id. A change set can be verified, swept, and undone only by another governed change.",
		'term.executor_agent.name': "executor agent",
		'term.executor_agent.text':
			"An automated identity (no person, no app seat) that runs the CUT of an approved manifest, signed as itself in the ledger. An institution can make it wait for a go-ahead, or let a human executor act instead.",
		'term.verifier.name': "verifier",
		'term.verifier.text':
			"The person or agent that runs VERIFY after a CUT: it checks that the store holds exactly what the manifest said. Never the one who ran the CUT.",
		'term.go_ahead.name': "go-ahead",
		'term.go_ahead.text':
			"An explicit \"run it now\" given by a person before the executor agent runs a CUT, where the institution asks for one. The ledger records who gave it and when.",
		'term.ledger.name': "ledger",
		'term.ledger.text':
			"The append-only, signed record of every step: submitted, approved, cut, verified, swept. Nothing in it is edited or deleted; each row is chained to the one before.",
		'term.reviewer.name': "reviewer",
		'term.reviewer.text':
			"The person who approves or rejects a manifest by its sha256. Never the person who submitted it.",
		'term.canonical_address.name': "canonical address",
		'term.canonical_address.text':
			"A unit's stable address, made from its document and its numbers, e.g. 45-2019-qh14/dieu-44/khoan-1/diem-dd. Citations use it; a renumbering leaves an alias behind.",
		'term.diagnostic.name': "diagnostic",
		'term.diagnostic.text':
			"What the core found in a text while cutting it, at a line: an error stops the cut (e.g. two clauses numbered 1.), a warning does not (e.g. a gap in the numbering). Some come with a proposed repair of the text.",
		'term.cut.name': "CUT",
		'term.cut.text':
			"The step that applies an approved manifest to the store, in one transaction: all of it or nothing. Run by the executor (an agent or a person), never by the reviewer who approved it.",
		'term.verify.name': "VERIFY",
		'term.verify.text':
			"The step after a CUT that reads the store back and checks it against the manifest's after-images. Run by someone other than the executor.",
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
		'term.draft_only.text': 'Các đơn vị được lưu dưới dạng dự thảo, không phải văn bản có hiệu lực: vẫn được lưu và có địa chỉ, nhưng không câu trả lời theo thời điểm nào coi chúng là văn bản pháp luật.',
		'page.backlog':
			"Danh sách việc liệt kê mọi thay đổi đang được xử lý đối với các đơn vị của một văn bản: mỗi mục việc là một bản kê thay đổi, từ lúc gửi đến lúc khép lại. Mở một mục việc để duyệt, hoặc xem ai đã cắt và kiểm tra nó.\n\nViệc đầu tiên: khi chưa có mục việc nào, hãy xem trước một bước cắt (Xem trước bước cắt: chọn văn bản, cho biết văn bản đã có hiệu lực hay chưa, xem trước, gửi). Văn bản sửa đổi bắt đầu từ \"Áp dụng văn bản sửa đổi\".\n\nKhông có gì thay đổi một đơn vị ngoài con đường này: gửi → người khác duyệt → CẮT → một người khác người thực hiện KIỂM TRA → khép lại, mỗi bước được ký trong sổ cái.",
		'page.preview':
			"Xem trước cho thấy toàn văn của một văn bản được cắt thành các đơn vị (Điều, Khoản, Điểm) ra sao, và bản kê thay đổi sẽ đưa các đơn vị đang lưu về đúng kết quả cắt ấy. Chưa có gì được ghi cho đến khi người duyệt phê duyệt.\n\nViệc đầu tiên: chọn văn bản, chọn \"Văn bản đã ban hành\" hoặc \"Chỉ là dự thảo\", rồi bấm \"Xem trước bước cắt\". Các chẩn đoán được liệt kê lỗi trước, nhóm theo mã; bấm vào một chẩn đoán để xem dòng tương ứng trong văn bản, và áp dụng cách sửa được đề xuất chỉ bằng một thao tác.\n\nKhi mọi cổng kiểm tra đều đạt, hãy gửi: trang cho biết việc gửi sẽ làm gì.",
		'page.amend':
			"Áp dụng văn bản sửa đổi: bộ lõi đọc các quy định sửa đổi, bổ sung, bãi bỏ, thay thế của văn bản sửa đổi và áp dụng chúng vào các đơn vị đang lưu của văn bản được sửa đổi, tạo ra một bản kê thay đổi thông thường.\n\nViệc đầu tiên: chọn văn bản được sửa đổi, rồi văn bản sửa đổi (một văn bản đã lưu, hoặc số hiệu, tên và toàn văn của nó), và xem trước. Mỗi quy định sửa đổi được hiển thị cùng các khối mà nó tạo ra, hoặc lý do không áp dụng được; những câu chữ không đọc được cũng được liệt kê.\n\nGửi bản kê thay đổi để duyệt như mọi bước cắt.",
		'page.entry':
			"Một mục việc: bản kê thay đổi của nó (các khối, nội dung mỗi đơn vị trước và sau), trạng thái và lịch sử trong sổ cái.\n\nViệc đầu tiên: người duyệt (không phải người gửi) đọc các khối, rồi phê duyệt hoặc từ chối mã sha256 của bản kê kèm ý kiến. Sau khi phê duyệt, tác tử thực hiện chạy bước CẮT, và một người kiểm tra khác người thực hiện chạy bước KIỂM TRA; sau đó mục việc được khép lại.",
		'page.crosswalk':
			"Bảng đối chiếu là bảng chuyển từ địa chỉ cũ sang địa chỉ mới (ví dụ việc đánh số lại được công bố cùng văn bản hợp nhất). Nhập bảng đối chiếu sẽ tạo các bí danh, để các trích dẫn cũ vẫn dẫn tới đúng đơn vị.\n\nViệc đầu tiên: chọn văn bản, dán hoặc tải bảng lên, và xem trước. Mỗi dòng được đối chiếu với các đơn vị của văn bản; lỗi kèm số dòng và cột. Sau đó gửi để duyệt như mọi bước cắt.",
		'page.timeline':
			"Dòng thời gian của sổ cái: mọi bước của mọi mục việc (gửi, phê duyệt, cắt, kiểm tra, khép lại, từ chối), theo thứ tự, kèm người thực hiện và chữ ký.\n\nViệc đầu tiên: lọc theo văn bản, mục việc hoặc người, hoặc để trống để xem các bước mới nhất. Sổ cái chỉ được ghi thêm: không có gì trong đó bị sửa hay xóa.",
		'page.resolve':
			"Tra cứu theo thời điểm trả lời câu hỏi \"quy định này có nội dung gì vào ngày này?\" cho một địa chỉ chuẩn (ví dụ 45-2019-qh14/dieu-44/khoan-1) hoặc một địa chỉ cũ mà bí danh còn dẫn tới.\n\nViệc đầu tiên: nhập địa chỉ và chọn ngày. Chỉ các đơn vị đã ban hành mới trả lời; một đơn vị đã bị bãi bỏ cho biết bãi bỏ từ khi nào, kèm nội dung cuối cùng.",
		'page.versions':
			"Mọi phiên bản của một đơn vị hoặc văn bản, mỗi phiên bản kèm khoảng thời gian có hiệu lực và bộ thay đổi đã tạo ra nó; có thể so sánh hai phiên bản theo từng từ.\n\nViệc đầu tiên: chọn văn bản và đơn vị, rồi một phiên bản, hoặc hai phiên bản để so sánh.",
		'term.change_set.name': "bộ thay đổi",
		'term.change_set.text':
			"Những gì một lần CẮT đã ghi: mọi đơn vị và bí danh mà bản kê thay đổi tạo, sửa hoặc bãi bỏ, dưới một mã duy nhất. Một bộ thay đổi được kiểm tra, khép lại, và chỉ được hoàn tác bằng một thay đổi khác qua quy trình.",
		'term.executor_agent.name': "tác tử thực hiện",
		'term.executor_agent.text':
			"Một danh tính tự động (không phải người, không chiếm chỗ người dùng) chạy bước CẮT của bản kê đã được phê duyệt, ký tên của chính nó trong sổ cái. Cơ quan có thể yêu cầu nó chờ lệnh cho phép, hoặc để một người thực hiện thay.",
		'term.verifier.name': "người kiểm tra",
		'term.verifier.text':
			"Người hoặc tác tử chạy bước KIỂM TRA sau khi CẮT: xác minh kho lưu trữ chứa đúng những gì bản kê thay đổi ghi. Không bao giờ là người đã chạy bước CẮT.",
		'term.go_ahead.name': "lệnh cho phép",
		'term.go_ahead.text':
			"Lệnh \"chạy ngay\" do một người đưa ra trước khi tác tử thực hiện chạy bước CẮT, ở nơi cơ quan yêu cầu. Sổ cái ghi ai đã cho phép và khi nào.",
		'term.ledger.name': "sổ cái",
		'term.ledger.text':
			"Bản ghi chỉ-ghi-thêm, có chữ ký, của mọi bước: gửi, phê duyệt, cắt, kiểm tra, khép lại. Không có gì trong đó bị sửa hay xóa; mỗi dòng được nối chuỗi với dòng trước.",
		'term.reviewer.name': "người duyệt",
		'term.reviewer.text':
			"Người phê duyệt hoặc từ chối một bản kê thay đổi theo mã sha256 của nó. Không bao giờ là người đã gửi bản kê ấy.",
		'term.canonical_address.name': "địa chỉ chuẩn",
		'term.canonical_address.text':
			"Địa chỉ ổn định của một đơn vị, tạo từ văn bản và các số hiệu, ví dụ 45-2019-qh14/dieu-44/khoan-1/diem-dd. Các trích dẫn dùng địa chỉ này; khi đánh số lại, một bí danh được giữ lại.",
		'term.diagnostic.name': "chẩn đoán",
		'term.diagnostic.text':
			"Điều bộ lõi phát hiện trong văn bản khi cắt, tại một dòng: lỗi làm dừng bước cắt (ví dụ hai khoản cùng đánh số 1.), cảnh báo thì không (ví dụ số thứ tự bị nhảy). Một số chẩn đoán kèm đề xuất sửa văn bản.",
		'term.cut.name': "CẮT",
		'term.cut.text':
			"Bước áp dụng bản kê thay đổi đã được phê duyệt vào kho lưu trữ, trong một giao dịch: tất cả hoặc không gì cả. Do người thực hiện (tác tử hoặc người) chạy, không bao giờ do người duyệt đã phê duyệt.",
		'term.verify.name': "KIỂM TRA",
		'term.verify.text':
			"Bước sau khi CẮT: đọc lại kho lưu trữ và đối chiếu với trạng thái sau thay đổi mà bản kê ghi. Do một người khác người thực hiện chạy.",
	},
} satisfies Catalog;
