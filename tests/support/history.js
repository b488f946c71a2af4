// The decree the history tests read back: NĐ 75/2021/NĐ-CP as issued (core/tests/fixtures/amend),
// and a second text of it that changes a clause's words and inserts an article.
import { readFileSync } from 'node:fs';

export const DECREE = {
	doc_code: '75/2021/NĐ-CP',
	slug: '75-2021-ndd-cp',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	text: readFileSync(new URL('../../core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt', import.meta.url), 'utf8'),
};

/**
 * The second text: Điều 3 khoản 1 gets the new base amount (as NĐ 55/2023 set it), and a new
 * Điều 15 (one paragraph, no clauses) comes after Điều 14, so Điều 15 and 16 become 16 and 17.
 */
export function secondText(original = DECREE.text) {
	if (!original.includes('là 1.624.000 đồng')) throw new Error('the decree no longer holds the amount the second text changes');
	const out = [];
	for (const line of original.replace('là 1.624.000 đồng', 'là 2.055.000 đồng').split('\n')) {
		const m = /^Điều (1[56])\. (.*)$/.exec(line);
		if (m && m[1] === '15') out.push('Điều 15. Điều khoản chuyển tiếp', 'Các chế độ đã được giải quyết trước ngày Nghị định này có hiệu lực được giữ nguyên.');
		out.push(m ? `Điều ${Number(m[1]) + 1}. ${m[2]}` : line);
	}
	return out.join('\n');
}
