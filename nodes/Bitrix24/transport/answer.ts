import type { IDataObject } from 'n8n-workflow';

/** What came back for one HTTP request, before any interpretation of Bitrix24's envelope. */
export type RawAnswer =
	| { kind: 'json'; status: number; body: IDataObject }
	| { kind: 'unreadable'; status: number; snippet: string }
	| { kind: 'noAnswer'; reason: 'timeout' | 'connection' | 'other'; detail: string }
	/**
	 * A redirect: where it pointed (which may hold the webhook secret), and, once the transport
	 * found it cannot follow it, why not.
	 */
	| { kind: 'redirect'; status: number; location: string; problem?: string }
	/** The token server's refusal while n8n renewed the access token (n8n handles `invalid_grant` itself). */
	| { kind: 'tokenRefused'; error: string; description: string };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function locationOf(headers: unknown): string | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const value =
		(headers as Record<string, unknown>).location ?? (headers as Record<string, unknown>).Location;
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' && first !== '' ? first : undefined;
}

/** A redirect answer, or undefined for any other: n8n hands redirects back when told not to follow them. */
export function readRedirect(status: number, headers: unknown): RawAnswer | undefined {
	const location = REDIRECT_STATUSES.has(status) ? locationOf(headers) : undefined;
	return location ? { kind: 'redirect', status, location } : undefined;
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

function textOf(data: unknown): string | undefined {
	if (typeof data === 'string') return data;
	if (Buffer.isBuffer(data)) return data.toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	return undefined;
}

/** Bitrix24 answers JSON on every status, errors included; anything else is a broken answer. */
export function readBody(status: number, data: unknown): RawAnswer {
	if (
		data !== null &&
		typeof data === 'object' &&
		!Buffer.isBuffer(data) &&
		!(data instanceof ArrayBuffer)
	) {
		return { kind: 'json', status, body: data as IDataObject };
	}
	const text = textOf(data) ?? '';
	const trimmed = text.trim();
	if (trimmed.startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(trimmed);
			if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
				return { kind: 'json', status, body: parsed as IDataObject };
			}
		} catch {
			// falls through: a truncated or mangled JSON body is reported as unreadable
		}
	}
	return { kind: 'unreadable', status, snippet: trimmed.slice(0, 200) };
}

/** n8n's errors when its SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refuses an address. */
const SSRF_ERRORS = new Set(['SsrfBlockedIpError', 'SsrfBlockedHostnameError']);
/**
 * Starts the detail of such a refusal; the rest is the refused host or address. It travels as a
 * request that could not be sent ('other'), which is never retried: a refused address stays refused.
 */
const SSRF_BLOCKED = 'blocked by SSRF protection: ';

/** The host or address n8n's SSRF protection refused, when that is what the detail says. */
export function ssrfBlockedTarget(detail: string): string | undefined {
	return detail.startsWith(SSRF_BLOCKED) ? detail.slice(SSRF_BLOCKED.length) : undefined;
}

interface ErrorLike {
	name?: unknown;
	ip?: unknown;
	hostname?: unknown;
	code?: unknown;
	message?: unknown;
	httpCode?: unknown;
	cause?: unknown;
	/** n8n's OAuth2 client keeps the token server's error answer here (its AuthError, code EAUTH). */
	body?: unknown;
	response?: { status?: unknown; data?: unknown; body?: unknown; headers?: unknown };
}

function causeChain(error: unknown): ErrorLike[] {
	const chain: ErrorLike[] = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && chain.length < 6) {
		chain.push(current as ErrorLike);
		current = (current as ErrorLike).cause;
	}
	return chain;
}

/** The HTTP answer an error carries, read as any answer is. */
function httpAnswerIn(chain: ErrorLike[]): RawAnswer | undefined {
	for (const link of chain) {
		const status = Number(link.response?.status);
		if (link.response && Number.isInteger(status) && status > 0) {
			return (
				readRedirect(status, link.response.headers) ??
				readBody(status, link.response.data ?? link.response.body)
			);
		}
	}
	return undefined;
}

function ssrfRefusalIn(chain: ErrorLike[]): RawAnswer | undefined {
	const blocked = chain.find((link) => typeof link.name === 'string' && SSRF_ERRORS.has(link.name));
	if (!blocked) return undefined;
	const target = [blocked.hostname, blocked.ip]
		.filter((part) => typeof part === 'string' && part !== '')
		.join(' ');
	return { kind: 'noAnswer', reason: 'other', detail: `${SSRF_BLOCKED}${target || 'the portal'}` };
}

function socketProblemIn(chain: ErrorLike[]): RawAnswer | undefined {
	for (const link of chain) {
		const code = typeof link.code === 'string' ? link.code : '';
		const message = typeof link.message === 'string' ? link.message : '';
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
			return { kind: 'noAnswer', reason: 'timeout', detail: code || 'timeout' };
		}
		if (
			NETWORK_CODES.has(code) ||
			/socket hang up|network error|ECONNRESET|ECONNREFUSED/i.test(message)
		) {
			return { kind: 'noAnswer', reason: 'connection', detail: code || 'connection lost' };
		}
	}
	return undefined;
}

/** n8n's OAuth2 client keeps the token server's refusal in its AuthError (code EAUTH). */
function tokenRefusalIn(chain: ErrorLike[]): RawAnswer | undefined {
	for (const link of chain) {
		const body = link.code === 'EAUTH' ? mapOf(link.body) : {};
		if (typeof body.error === 'string' && body.error !== '') {
			const description = typeof body.error_description === 'string' ? body.error_description : '';
			return { kind: 'tokenRefused', error: body.error, description };
		}
	}
	return undefined;
}

/** n8n wraps request failures (sometimes twice); the HTTP answer or socket error is in the chain. */
export function readThrownError(error: unknown): RawAnswer {
	const chain = causeChain(error);
	const found =
		httpAnswerIn(chain) ?? ssrfRefusalIn(chain) ?? socketProblemIn(chain) ?? tokenRefusalIn(chain);
	if (found) return found;
	const first = chain[0];
	return {
		kind: 'noAnswer',
		reason: 'other',
		detail: typeof first?.message === 'string' ? first.message : 'unknown error',
	};
}

/** A map from a Bitrix24 answer; PHP sends an empty map as `[]`, and anything else is no map. */
export function mapOf(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}
