/**
 * Request parameters the way PHP (and so Bitrix24) decodes them: query strings and form bodies
 * with bracket syntax `items[0][COMPANY_ID]=8` become nested structures; brackets may come
 * literally or as %5B/%5D (b24restdocs settings/how-to-call-rest-api/data-encoding.md). Empty arrays and null cannot be written in this syntax.
 */
import type { Params } from './types';

type Nested = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Nested =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** PHP's `is_array`: JSON objects are decoded as associative arrays, so both count (the error tables of b24restdocs api-reference/crm/contacts/company/). */
export const isPhpArray = (v: unknown): v is unknown[] | Nested =>
	Array.isArray(v) || isPlainObject(v);

/** The values of a PHP array in order, whether it came as a JSON list or a map. */
export const phpArrayValues = (v: unknown[] | Nested): unknown[] =>
	Array.isArray(v) ? v : Object.values(v);

/** decodeURIComponent that keeps malformed escapes as they are, as PHP does, instead of throwing. */
export function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

const decodeComponent = (s: string): string => safeDecode(s.replace(/\+/g, ' '));

/** Splits `a[b][]` into ['a', 'b', '']; a name without brackets is one segment. */
function splitKey(key: string): string[] {
	const open = key.indexOf('[');
	if (open <= 0) return [key];
	const segments = [key.slice(0, open)];
	const re = /\[([^\]]*)\]/gy;
	re.lastIndex = open;
	let m: RegExpExecArray | null;
	while ((m = re.exec(key)) !== null) segments.push(m[1]);
	// PHP ignores whatever follows a malformed bracket group.
	return segments;
}

function assign(target: Nested, segments: string[], value: string): void {
	let node = target;
	for (let i = 0; i < segments.length; i++) {
		let seg = segments[i];
		const last = i === segments.length - 1;
		if (seg === '') {
			// `x[]` appends at the next integer index, as PHP does.
			const ints = Object.keys(node)
				.filter((k) => /^\d+$/.test(k))
				.map(Number);
			seg = String(ints.length ? Math.max(...ints) + 1 : 0);
		}
		if (last) {
			node[seg] = value;
			return;
		}
		if (!isPlainObject(node[seg])) node[seg] = {};
		node = node[seg] as Nested;
	}
}

/** Maps whose keys are exactly 0..n-1 in order are lists in PHP terms; give them to methods as arrays. */
function listify(v: unknown): unknown {
	if (!isPlainObject(v)) return v;
	const keys = Object.keys(v);
	for (const k of keys) v[k] = listify(v[k]);
	const sequential = keys.length > 0 && keys.every((k, i) => k === String(i));
	return sequential ? keys.map((k) => v[k]) : v;
}

export function parsePhpQuery(query: string): Params {
	const out: Nested = {};
	for (const part of query.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const rawKey = eq === -1 ? part : part.slice(0, eq);
		const rawValue = eq === -1 ? '' : part.slice(eq + 1);
		const key = decodeComponent(rawKey);
		if (!key) continue;
		assign(out, splitKey(key), decodeComponent(rawValue));
	}
	return listify(out) as Params;
}

/** The reverse, like PHP's http_build_query / qs.stringify with indices (b24restdocs settings/how-to-call-rest-api/data-encoding.md). */
export function toPhpQuery(params: Record<string, unknown>): string {
	const parts: string[] = [];
	const walk = (prefix: string, v: unknown): void => {
		if (v === null || v === undefined) return;
		if (Array.isArray(v)) v.forEach((item, i) => walk(`${prefix}[${i}]`, item));
		else if (isPlainObject(v))
			for (const [k, item] of Object.entries(v)) walk(`${prefix}[${k}]`, item);
		else parts.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(v))}`);
	};
	for (const [k, v] of Object.entries(params)) walk(k, v);
	return parts.join('&');
}

/** Text fields of a multipart/form-data body; file parts are kept as their text. */
export function parseMultipart(body: Buffer, contentType: string): Params {
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!m) return {};
	const boundary = `--${m[1] ?? m[2]}`;
	const pieces: string[] = [];
	for (const chunk of body.toString('utf8').split(boundary)) {
		if (chunk.startsWith('--') || !chunk.trim()) continue;
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd === -1) continue;
		const name = /name="([^"]*)"/i.exec(chunk.slice(0, headerEnd))?.[1];
		if (!name) continue;
		const value = chunk.slice(headerEnd + 4).replace(/\r\n$/, '');
		pieces.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
	}
	return parsePhpQuery(pieces.join('&'));
}

export type BodyParse = { ok: true; params: Params } | { ok: false; description: string };

/**
 * Decodes a request body by its content type. Bodies of other types are not parameters to PHP,
 * so they are ignored (the method then sees its parameters missing, as on a portal).
 */
export function parseBody(body: Buffer, contentType: string | undefined): BodyParse {
	if (body.length === 0) return { ok: true, params: {} };
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type.endsWith('+json')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(body.toString('utf8'));
		} catch {
			return { ok: false, description: 'Request body is not valid JSON' };
		}
		if (!isPlainObject(parsed))
			return { ok: false, description: 'JSON request body must be an object' };
		return { ok: true, params: parsed };
	}
	if (type === 'application/x-www-form-urlencoded')
		return { ok: true, params: parsePhpQuery(body.toString('utf8')) };
	if (type === 'multipart/form-data')
		return { ok: true, params: parseMultipart(body, contentType ?? '') };
	return { ok: true, params: {} };
}
