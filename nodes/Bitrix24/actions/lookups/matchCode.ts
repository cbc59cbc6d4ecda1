/**
 * A phone number as Bitrix24's duplicate index stores and searches it, so that numbers the
 * portal treats as one are sent once. A port of [server] main/tools.php `NormalizePhone($number, 1)`
 * followed by crm/lib/integrity/duplicatecommunicationcriterion.php
 * `DuplicateCommunicationCriterion::normalizePhone`: a "+8…" number becomes "008…"; everything but
 * digits and `# * , ;` goes; from 10 characters on, a leading 00 or 011 (international prefix) or 0
 * goes and a leading 8 becomes 7 (the Russian trunk prefix), except 80, 81 and 82; then an
 * extension after `;` or `#` (and `,` pauses) goes. So "+7 (912) 345-67-89", "8 912 345 67 89" and
 * "0079123456789" are all 79123456789.
 */
export function phoneMatchCode(value: string): string {
	let number = value;
	if (number.length >= 10 && number.startsWith('+8')) number = `00${number.slice(1)}`;
	number = number.replace(/[^0-9#*,;]/g, '');
	if (number.length >= 10) number = withoutTrunkPrefix(number);
	return number.replace(/(\d+)([;#]*)([\d,]*)/g, '$1');
}

function withoutTrunkPrefix(number: string): string {
	if (/^8[012]/.test(number)) return number;
	if (number.startsWith('00')) return number.slice(2);
	if (number.startsWith('011')) return number.slice(3);
	if (number.startsWith('8')) return `7${number.slice(1)}`;
	if (number.startsWith('0')) return number.slice(1);
	return number;
}

/**
 * A value as Bitrix24 compares it. E-mails: trimmed and lower-cased
 * (`DuplicateCommunicationCriterion::prepareCodes`); phones: see phoneMatchCode. Names and tax IDs
 * are compared by the database with a case-insensitive collation (`=`/`@` filters of crm.*.list,
 * [server] main/classes/general/sql_util.php `CSqlUtil::PrepareWhere`), so case does not tell them
 * apart either.
 */
export function matchCode(kind: string, value: string): string {
	if (kind === 'phone') return phoneMatchCode(value);
	return value.trim().toLowerCase();
}

/**
 * Whether a record's name or tax ID as a list answered it is the value asked for, ignoring case,
 * accents and surrounding spaces as the portal's collation does. Only used to tell which of
 * several values asked in one list command a row answers; a row that fits none or several makes
 * the values be asked one by one (see listSearches.ts), so this never decides a match alone.
 */
export function sameText(a: string, b: string): boolean {
	return a.trim().localeCompare(b.trim(), 'en', { sensitivity: 'base' }) === 0;
}
