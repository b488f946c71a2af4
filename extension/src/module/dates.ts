// Dates as the user reads them, in their Directus language (vi-VN: "15 tháng 9, 2021"; en-US: "September 15, 2021").
// Two kinds: a legal date (in force from, valid from, "as at") is the calendar day written in the value, in the law's
// own time zone (2021-09-15T00:00:00+07:00 is 15 September wherever the reader sits); a moment something was recorded
// in the ledger is a point in time, shown in the reader's zone.
import { lang, type Lang } from '../i18n/index.ts';

const LOCALE: Record<Lang, string> = { en: 'en-US', vi: 'vi-VN' };
// The day as written, and whether the time after it (if any) is the start of that day.
const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})?$)/;

function legal(iso: string | null | undefined, style: 'long' | 'medium', in_: Lang): string {
	if (!iso) return '';
	const m = DAY.exec(iso);
	// Not the start of a day: a precise moment, shown as one.
	if (!m) return moment(iso, in_);
	const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return new Intl.DateTimeFormat(LOCALE[in_], { dateStyle: style, timeZone: 'UTC' }).format(at);
}

/** A legal date's calendar day, in words ("15 tháng 9, 2021"; "September 15, 2021"). */
export const day = (iso: string | null | undefined, in_: Lang = lang.value): string => legal(iso, 'long', in_);

/** The same, short, for tables ("15 thg 9, 2021"; "Sep 15, 2021"). */
export const shortDay = (iso: string | null | undefined, in_: Lang = lang.value): string => legal(iso, 'medium', in_);

/** A recorded moment (a ledger event, a submission): date and time in the reader's time zone. */
export function moment(iso: string | null | undefined, in_: Lang = lang.value): string {
	if (!iso) return '';
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return iso;
	return new Intl.DateTimeFormat(LOCALE[in_], { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** A number with the user's digit grouping (1,234 / 1.234). */
export const count = (n: number, in_: Lang = lang.value): string => n.toLocaleString(LOCALE[in_]);
