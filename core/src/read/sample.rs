//! Generated acts for tests and benchmarks: realistic layout and sentence lengths,
//! fully deterministic (a fixed-seed LCG picks the phrases), no I/O.
//!
//! `generated_act(10, 50, 3, 3)` is a Vietnamese law of ≈ 0.7 MB with
//! 10 + 500 + 1 500 + 4 500 = 6 510 units (see [`generated_act_units`]).

use std::fmt::Write;

use crate::text::roman::to_roman;

/// Most points a clause can have: the Vietnamese point letters a b c d đ e g h i k l m n o p q r s t u v x y.
pub const MAX_POINTS: u32 = 23;
/// Most subparagraphs a paragraph of [`generated_act_en`] can have: a–z.
pub const MAX_SUBPARAGRAPHS: u32 = 26;

const VI_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

const VI_CHAPTERS: [&str; 12] = [
    "NHỮNG QUY ĐỊNH CHUNG",
    "QUẢN LÝ TÀI SẢN TẠI CƠ QUAN NHÀ NƯỚC",
    "QUẢN LÝ TÀI SẢN TẠI ĐƠN VỊ SỰ NGHIỆP CÔNG LẬP",
    "TÀI SẢN KẾT CẤU HẠ TẦNG PHỤC VỤ LỢI ÍCH QUỐC GIA",
    "KHAI THÁC NGUỒN LỰC TÀI CHÍNH TỪ TÀI SẢN CÔNG",
    "CƠ SỞ DỮ LIỆU QUỐC GIA VỀ TÀI SẢN CÔNG",
    "THANH TRA, KIỂM TRA VÀ GIẢI QUYẾT KHIẾU NẠI",
    "XỬ LÝ VI PHẠM PHÁP LUẬT VỀ QUẢN LÝ TÀI SẢN",
    "TRÁCH NHIỆM CỦA CƠ QUAN, TỔ CHỨC, ĐƠN VỊ",
    "HỢP TÁC QUỐC TẾ VỀ QUẢN LÝ TÀI SẢN CÔNG",
    "CÔNG KHAI VÀ GIÁM SÁT CỦA CỘNG ĐỒNG",
    "QUY ĐỊNH CHUYỂN TIẾP",
];

const VI_HEADINGS: [&str; 16] = [
    "Nguyên tắc quản lý, sử dụng tài sản",
    "Thẩm quyền quyết định giao, mua sắm tài sản",
    "Tiêu chuẩn, định mức sử dụng tài sản",
    "Hồ sơ, trình tự, thủ tục thanh lý tài sản",
    "Trách nhiệm của thủ trưởng cơ quan, đơn vị",
    "Quyền và nghĩa vụ của tổ chức, cá nhân được giao tài sản",
    "Bảo dưỡng, sửa chữa tài sản",
    "Hạch toán, kế toán và báo cáo tài sản",
    "Cho thuê, liên doanh, liên kết",
    "Điều chuyển tài sản giữa các cơ quan",
    "Xử lý tài sản trong trường hợp bị mất, bị hủy hoại",
    "Kiểm tra việc chấp hành quy định",
    "Công khai tình hình quản lý, sử dụng tài sản",
    "Quản lý số tiền thu được từ khai thác tài sản",
    "Phân cấp thẩm quyền cho chính quyền địa phương",
    "Giải quyết tranh chấp liên quan đến tài sản",
];

/// Qualifiers that make article headings unique, as in real laws: with [`VI_HEADINGS`] they give
/// 16 × 32 = 512 distinct headings, so renumbered articles can be told apart by their content.
const VI_SCOPES: [&str; 32] = [
    "tại cơ quan nhà nước",
    "tại đơn vị sự nghiệp công lập",
    "tại đơn vị lực lượng vũ trang nhân dân",
    "tại cơ quan Đảng Cộng sản Việt Nam",
    "tại tổ chức chính trị - xã hội",
    "tại doanh nghiệp nhà nước",
    "tại cơ quan đại diện ở nước ngoài",
    "tại Ủy ban nhân dân cấp xã",
    "thuộc trung ương quản lý",
    "thuộc địa phương quản lý",
    "là trụ sở làm việc",
    "là xe ô tô",
    "là máy móc, thiết bị",
    "là tài sản cố định đặc thù",
    "là tài sản kết cấu hạ tầng giao thông",
    "là tài sản kết cấu hạ tầng thủy lợi",
    "là tài sản kết cấu hạ tầng đô thị",
    "là đất đai",
    "là tài nguyên nước",
    "là quyền sở hữu trí tuệ",
    "là phần mềm ứng dụng",
    "là cơ sở dữ liệu",
    "được xác lập quyền sở hữu toàn dân",
    "của dự án sử dụng vốn nhà nước",
    "phục vụ hoạt động của dự án",
    "được giao cho doanh nghiệp",
    "trong lĩnh vực y tế",
    "trong lĩnh vực giáo dục",
    "trong lĩnh vực văn hóa, thể thao",
    "trong lĩnh vực khoa học và công nghệ",
    "trong trường hợp khẩn cấp",
    "trong thời gian chuyển tiếp",
];

const VI_SUBJECTS: [&str; 10] = [
    "Cơ quan, tổ chức, đơn vị được giao quản lý tài sản",
    "Thủ trưởng cơ quan nhà nước có thẩm quyền",
    "Ủy ban nhân dân cấp tỉnh",
    "Bộ trưởng Bộ Tài chính",
    "Người đứng đầu đơn vị sự nghiệp công lập",
    "Tổ chức, cá nhân được Nhà nước giao tài sản",
    "Cơ quan quản lý nhà nước về tài sản công",
    "Hội đồng nhân dân cấp tỉnh",
    "Doanh nghiệp nhà nước",
    "Kho bạc Nhà nước",
];

const VI_VERBS: [&str; 8] = [
    "có trách nhiệm",
    "có quyền",
    "phải",
    "được phép",
    "chịu trách nhiệm",
    "quyết định việc",
    "tổ chức thực hiện việc",
    "chủ trì, phối hợp với cơ quan liên quan để",
];

const VI_OBJECTS: [&str; 12] = [
    "sử dụng tài sản đúng mục đích, tiêu chuẩn, định mức và chế độ do Nhà nước quy định",
    "lập hồ sơ, theo dõi, hạch toán đầy đủ tài sản về hiện vật và giá trị",
    "báo cáo định kỳ hằng năm về tình hình quản lý, sử dụng tài sản",
    "bảo dưỡng, sửa chữa tài sản theo đúng chế độ, tiêu chuẩn kỹ thuật",
    "công khai thông tin về việc mua sắm, thuê, thanh lý tài sản",
    "thẩm định nhu cầu sử dụng tài sản trước khi quyết định đầu tư",
    "kiểm kê tài sản và xử lý kịp thời tài sản thừa, thiếu",
    "thu hồi tài sản bị sử dụng sai mục đích hoặc vượt tiêu chuẩn",
    "bảo đảm an toàn, tiết kiệm và hiệu quả trong khai thác tài sản",
    "nộp đầy đủ, kịp thời số tiền thu được vào ngân sách nhà nước",
    "xây dựng quy chế quản lý, sử dụng tài sản tại cơ quan, đơn vị",
    "cập nhật thông tin vào Cơ sở dữ liệu quốc gia về tài sản công",
];

const VI_TAILS: [&str; 8] = [
    "theo quy định của Luật này",
    "trong thời hạn 30 ngày kể từ ngày có quyết định",
    "trừ trường hợp pháp luật có quy định khác",
    "phù hợp với điều kiện kinh tế - xã hội của địa phương",
    "theo hướng dẫn của Bộ Tài chính",
    "và chịu trách nhiệm trước pháp luật về quyết định của mình",
    "trên cơ sở dự toán ngân sách được cấp có thẩm quyền giao",
    "bảo đảm công khai, minh bạch",
];

const EN_TITLES: [&str; 8] = [
    "Preliminary",
    "The Data Commissioner",
    "Collection of Personal Data",
    "Use and Disclosure",
    "Access and Correction",
    "Transfers Outside the Jurisdiction",
    "Enforcement",
    "Miscellaneous",
];

const EN_HEADINGS: [&str; 10] = [
    "Purpose of this Part",
    "Consent required",
    "Notification of purpose",
    "Withdrawal of consent",
    "Accuracy of personal data",
    "Protection of personal data",
    "Retention limitation",
    "Duty to report a breach",
    "Powers of investigation",
    "Offences by bodies corporate",
];

const EN_SUBJECTS: [&str; 6] = [
    "An organisation",
    "The Commissioner",
    "A data intermediary",
    "The Minister",
    "A person who holds personal data",
    "An authorised officer",
];

const EN_VERBS: [&str; 5] = [
    "shall",
    "may",
    "must not",
    "is required to",
    "is entitled to",
];

const EN_OBJECTS: [&str; 8] = [
    "collect personal data only for purposes that a reasonable person would consider appropriate",
    "notify the individual of the purposes for which the personal data is to be used",
    "make a reasonable effort to ensure that the personal data is accurate and complete",
    "protect personal data in its possession by making reasonable security arrangements",
    "cease to retain documents containing personal data as soon as the purpose is served",
    "give written notice of the breach within the prescribed period",
    "require any person to produce a specified document relating to the investigation",
    "publish a register of designations in the prescribed form",
];

const EN_TAILS: [&str; 5] = [
    "in accordance with this Act",
    "within 30 days after the request",
    "unless the Commissioner otherwise directs",
    "subject to any regulations made under section 60",
    "as soon as practicable",
];

// Knuth's MMIX constants; the top bits are the well-mixed ones.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let len = u64::try_from(items.len()).unwrap_or(1).max(1);
        let i = usize::try_from((self.0 >> 33) % len).unwrap_or(0);
        items.get(i).copied().unwrap_or_default()
    }

    fn vi_sentence(&mut self) -> String {
        format!(
            "{} {} {}",
            self.pick(&VI_SUBJECTS),
            self.pick(&VI_VERBS),
            self.pick(&VI_OBJECTS)
        )
    }

    // A point reads as an item of a list: no subject, capitalised like the source texts.
    fn vi_item(&mut self) -> String {
        let object = self.pick(&VI_OBJECTS);
        let mut chars = object.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        // One point in seven carries a qualifying tail, so lines vary in length like real ones.
        match self.pick(&["", "", "", "", "", "", "tail"]) {
            "tail" => format!("{first}{} {}", chars.as_str(), self.pick(&VI_TAILS)),
            _ => format!("{first}{}", chars.as_str()),
        }
    }

    fn en_sentence(&mut self) -> String {
        format!(
            "{} {} {} {}",
            self.pick(&EN_SUBJECTS),
            self.pick(&EN_VERBS),
            self.pick(&EN_OBJECTS),
            self.pick(&EN_TAILS)
        )
    }
}

/// How many units [`generated_act`] produces for these arguments (points capped at [`MAX_POINTS`]).
pub fn generated_act_units(
    chapters: u32,
    articles_per_chapter: u32,
    clauses_per_article: u32,
    points_per_clause: u32,
) -> u64 {
    let (c, a, k) = (
        u64::from(chapters),
        u64::from(articles_per_chapter),
        u64::from(clauses_per_article),
    );
    let p = u64::from(points_per_clause.min(MAX_POINTS));
    let per_article = if k == 0 { 1 + p } else { 1 + k * (1 + p) };
    c + c * a * per_article
}

/// A Vietnamese law: title block, `Căn cứ …` preamble, chapters `Chương I` … with their
/// title on the next line, articles `Điều N. …` numbered through the act, clauses `1.`,
/// points `a)` … `đ)` …, a page number every few articles, and the closing formula and
/// signature block. With no clauses, points sit directly under their article.
pub fn generated_act(
    chapters: u32,
    articles_per_chapter: u32,
    clauses_per_article: u32,
    points_per_clause: u32,
) -> String {
    let points = points_per_clause.min(MAX_POINTS);
    let mut rng = Lcg(0x1u64 << 32 | 45_2019);
    let mut out = String::with_capacity(
        usize::try_from(generated_act_units(
            chapters,
            articles_per_chapter,
            clauses_per_article,
            points,
        ))
        .unwrap_or(0)
        .saturating_mul(112)
        .saturating_add(1024),
    );
    out.push_str(
        "QUỐC HỘI\n\
         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
         Độc lập - Tự do - Hạnh phúc\n\
         \n\
         Luật số: 99/2024/QH15\n\
         Hà Nội, ngày 27 tháng 6 năm 2024\n\
         \n\
         LUẬT\n\
         QUẢN LÝ, SỬ DỤNG TÀI SẢN MẪU\n\
         \n\
         Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\
         Quốc hội ban hành Luật Quản lý, sử dụng tài sản mẫu.\n",
    );
    let mut article = 0u32;
    let mut page = 1u32;
    for chapter in 1..=chapters {
        let numeral = to_roman(chapter).unwrap_or_else(|| chapter.to_string());
        let title = if chapter == chapters && chapters > 1 {
            "ĐIỀU KHOẢN THI HÀNH"
        } else {
            let i = usize::try_from(chapter - 1).unwrap_or(0) % VI_CHAPTERS.len();
            VI_CHAPTERS.get(i).copied().unwrap_or_default()
        };
        let _ = write!(out, "\nChương {numeral}\n{title}\n");
        for _ in 0..articles_per_chapter {
            article = article.saturating_add(1);
            // Stride 5 is coprime with 512: the first 512 articles all get different headings.
            let combo =
                (usize::try_from(article).unwrap_or(0) * 5) % (VI_HEADINGS.len() * VI_SCOPES.len());
            let heading = VI_HEADINGS[combo % VI_HEADINGS.len()];
            let scope = VI_SCOPES[combo / VI_HEADINGS.len()];
            let _ = write!(out, "\nĐiều {article}. {heading} {scope}\n");
            if clauses_per_article == 0 {
                let end = if points == 0 { "." } else { " như sau:" };
                let _ = writeln!(out, "{}{end}", rng.vi_sentence());
                vi_points(&mut out, &mut rng, points);
            }
            for clause in 1..=clauses_per_article {
                let end = if points == 0 { "." } else { " như sau:" };
                let _ = writeln!(out, "{clause}. {}{end}", rng.vi_sentence());
                vi_points(&mut out, &mut rng, points);
            }
            if article.is_multiple_of(4) {
                page = page.saturating_add(1);
                let _ = write!(out, "\n- {page} -\n");
            }
        }
    }
    out.push_str(
        "\nLuật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, \
         kỳ họp thứ 7 thông qua ngày 27 tháng 6 năm 2024.\n\
         \n\
         CHỦ TỊCH QUỐC HỘI\n\
         (Đã ký)\n\
         \n\
         Trần Thanh Mẫn\n",
    );
    out
}

fn vi_points(out: &mut String, rng: &mut Lcg, points: u32) {
    for (i, letter) in VI_LETTERS
        .iter()
        .enumerate()
        .take(usize::try_from(points).unwrap_or(0))
    {
        let end = if i + 1 == usize::try_from(points).unwrap_or(0) {
            "."
        } else {
            ";"
        };
        let _ = writeln!(out, "{letter}) {}{end}", rng.vi_item());
    }
}

/// How many units [`generated_act_en`] produces (subparagraphs capped at [`MAX_SUBPARAGRAPHS`]).
pub fn generated_act_en_units(
    chapters: u32,
    sections_per_chapter: u32,
    paragraphs_per_section: u32,
    subparagraphs_per_paragraph: u32,
) -> u64 {
    let (c, s, p) = (
        u64::from(chapters),
        u64::from(sections_per_chapter),
        u64::from(paragraphs_per_section),
    );
    let sub = u64::from(subparagraphs_per_paragraph.min(MAX_SUBPARAGRAPHS));
    let per_section = if p == 0 { 1 + sub } else { 1 + p * (1 + sub) };
    c + c * s * per_section
}

/// An English act for the `en` vocabulary: `Chapter N — Title`, `Section N Heading`,
/// paragraphs `(1)`, subparagraphs `(a)` … (past `(h)`, `(i)` is the letter), a closing.
pub fn generated_act_en(
    chapters: u32,
    sections_per_chapter: u32,
    paragraphs_per_section: u32,
    subparagraphs_per_paragraph: u32,
) -> String {
    let subs = subparagraphs_per_paragraph.min(MAX_SUBPARAGRAPHS);
    let mut rng = Lcg(2024);
    let mut out = String::from(
        "PERSONAL DATA PROTECTION ACT 2024\n\
         An Act to govern the collection, use and disclosure of personal data.\n\
         \n\
         BE IT ENACTED by the Parliament as follows:\n",
    );
    let mut section = 0u32;
    for chapter in 1..=chapters {
        let i = usize::try_from(chapter - 1).unwrap_or(0) % EN_TITLES.len();
        let title = EN_TITLES.get(i).copied().unwrap_or_default();
        let _ = write!(out, "\nChapter {chapter} — {title}\n");
        for _ in 0..sections_per_chapter {
            section = section.saturating_add(1);
            let _ = write!(out, "\nSection {section} {}\n", rng.pick(&EN_HEADINGS));
            if paragraphs_per_section == 0 {
                let _ = writeln!(
                    out,
                    "{}{}",
                    rng.en_sentence(),
                    if subs == 0 { "." } else { "—" }
                );
                en_subparagraphs(&mut out, &mut rng, subs);
            }
            for paragraph in 1..=paragraphs_per_section {
                let end = if subs == 0 { "." } else { "—" };
                let _ = writeln!(out, "({paragraph}) {}{end}", rng.en_sentence());
                en_subparagraphs(&mut out, &mut rng, subs);
            }
        }
    }
    out.push_str("\nIN WITNESS WHEREOF this Act is signed on behalf of the Parliament.\n(Signed)\nSpeaker of Parliament\n");
    out
}

fn en_subparagraphs(out: &mut String, rng: &mut Lcg, subs: u32) {
    for (i, letter) in ('a'..='z')
        .enumerate()
        .take(usize::try_from(subs).unwrap_or(0))
    {
        let end = if i + 1 == usize::try_from(subs).unwrap_or(0) {
            "."
        } else {
            ";"
        };
        let object = rng.pick(&EN_OBJECTS);
        let _ = writeln!(out, "({letter}) {object} {}{end}", rng.pick(&EN_TAILS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_acts_are_deterministic() {
        assert_eq!(generated_act(2, 3, 2, 2), generated_act(2, 3, 2, 2));
        assert_eq!(generated_act_en(2, 3, 2, 2), generated_act_en(2, 3, 2, 2));
    }

    #[test]
    fn the_reference_act_is_about_seven_hundred_kilobytes() {
        let len = generated_act(10, 50, 3, 3).len();
        assert!((600_000..=800_000).contains(&len), "{len} bytes");
        assert_eq!(generated_act_units(10, 50, 3, 3), 6_510);
    }

    #[test]
    fn unit_counts_cover_articles_without_clauses_and_capped_points() {
        assert_eq!(generated_act_units(1, 2, 0, 3), 1 + 2 * 4);
        assert_eq!(generated_act_units(1, 1, 1, 40), 1 + 1 + 1 + 23);
        assert_eq!(generated_act_en_units(2, 2, 2, 9), 2 + 4 * (1 + 2 * 10));
    }
}
