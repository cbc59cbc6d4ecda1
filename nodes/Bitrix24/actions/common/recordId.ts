/** A record ID as read from the user's value, or why it is not one. */
type IdReading = { ok: true; id: number } | { ok: false; problem: string };

const MAX_ID = Number.MAX_SAFE_INTEGER;

function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string')
		return value.trim() === ''
			? 'an empty value'
			: `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return 'a list';
	return 'an object';
}

function fromNumber(value: number): IdReading {
	if (!Number.isInteger(value)) return { ok: false, problem: `${value} is not a whole number` };
	if (value <= 0) return { ok: false, problem: `${value} is not a positive number` };
	if (value > MAX_ID) return { ok: false, problem: `${value} is too large to be a Bitrix24 ID` };
	return { ok: true, id: value };
}

/**
 * Reads a Bitrix24 record ID from whatever the user gave: a number, a numeric string, the
 * record's URL in the portal, or n8n's resource-locator value holding any of these.
 */
export function readRecordId(value: unknown, urlPath: string): IdReading {
	if (value && typeof value === 'object' && !Array.isArray(value) && '__rl' in value) {
		return readRecordId((value as { value?: unknown }).value, urlPath);
	}
	if (typeof value === 'number') return fromNumber(value);
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^\d+$/.test(text)) {
			const id = Number(text);
			return text.length > 16
				? { ok: false, problem: `${text} is too large to be a Bitrix24 ID` }
				: fromNumber(id);
		}
		const fromUrl = new RegExp(`/crm/${urlPath}/details/(\\d+)(?:/|$|\\?|#)`).exec(text);
		if (fromUrl) return fromNumber(Number(fromUrl[1]));
		if (/^-?\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
	}
	return {
		ok: false,
		problem: `${describe(value)} is not a positive whole number or a /crm/${urlPath}/details/ID/ link`,
	};
}
