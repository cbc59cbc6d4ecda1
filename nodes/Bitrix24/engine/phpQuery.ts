/**
 * Encodes parameters the way PHP's http_build_query does (`items[0][COMPANY_ID]=8`), the form
 * Bitrix24 parses inside each `batch` command string.
 */
function append(pairs: string[], key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) {
		value.forEach((entry, index) => append(pairs, `${key}[${index}]`, entry));
		return;
	}
	if (typeof value === 'object') {
		for (const [child, entry] of Object.entries(value as Record<string, unknown>)) {
			append(pairs, `${key}[${child}]`, entry);
		}
		return;
	}
	const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
	pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
}

export function toPhpQuery(params: Record<string, unknown>): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(params)) append(pairs, key, value);
	return pairs.join('&');
}
