/** What the sandbox received, for tests that assert on calls (how many, which, with what). Secrets are masked. */
import { safeDecode } from './encoding';
import type { LogEntry } from './types';

const MAX_ENTRIES = 10_000;

export class RequestLog {
	private entries: LogEntry[] = [];
	private seq = 0;

	add(entry: Omit<LogEntry, 'seq'>): LogEntry {
		const full: LogEntry = { seq: ++this.seq, ...entry };
		this.entries.push(full);
		if (this.entries.length > MAX_ENTRIES) this.entries.shift();
		return full;
	}

	all(): LogEntry[] {
		return [...this.entries];
	}

	clear(): void {
		this.entries = [];
	}
}

const SECRET_QUERY_KEYS = ['auth', 'access_token', 'client_secret', 'code', 'refresh_token'];

/** The path with the webhook secret and any token in the query replaced by ***. */
export function maskPath(
	pathname: string,
	search: string,
	webhookSecrets: Iterable<string>,
): string {
	let path = pathname;
	for (const secret of webhookSecrets) if (secret) path = path.split(`/${secret}/`).join('/***/');
	if (!search) return path;
	const query = search
		.replace(/^\?/, '')
		.split('&')
		.map((part) => {
			const key = safeDecode(part.split('=')[0] ?? '');
			return SECRET_QUERY_KEYS.includes(key) ? `${part.split('=')[0]}=***` : part;
		})
		.join('&');
	return `${path}?${query}`;
}

/** A copy of decoded parameters without credentials. */
export function maskParams<T extends Record<string, unknown>>(params: T): T {
	const copy: Record<string, unknown> = { ...params };
	for (const key of SECRET_QUERY_KEYS) if (key in copy) copy[key] = '***';
	return copy as T;
}
