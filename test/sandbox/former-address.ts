/**
 * A portal that changed its address (settings/how-to-call-rest-api/change-domen.md): the old
 * address answers every request with 301 or 302 and a `Location` on the new address, path and query
 * kept, whatever the method. The sandbox's own address is the new one; this opens the old one.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'http';
import type { AddressInfo } from 'net';
import { parseRestPath } from './auth';
import type { Portal } from './portal';
import { maskPath } from './request-log';

export interface FormerAddress {
	/** The old origin, e.g. `http://127.0.0.1:40123`. */
	baseUrl: string;
	/** The sandbox's webhook URL at the old origin. */
	webhookUrl: string;
	/** The OAuth REST base at the old origin, what an old token's `client_endpoint` would name. */
	restUrl: string;
	close(): Promise<void>;
}

export interface FormerAddressOptions {
	/** change-domen.md: "status 301 or 302"; the PHP SDK acts on 302. */
	status?: 301 | 302;
}

export async function openFormerAddress(
	portal: Portal,
	host: string,
	options: FormerAddressOptions = {},
): Promise<FormerAddress> {
	const status = options.status ?? 302;
	const answer = (req: IncomingMessage, res: ServerResponse) => {
		const raw = req.url ?? '/';
		const path = raw.startsWith('/') ? raw : `/${raw}`;
		const url = new URL(`http://former.invalid${path}`);
		const route = parseRestPath(url.pathname);
		portal.log.add({
			at: new Date().toISOString(),
			httpMethod: req.method ?? '',
			path: maskPath(url.pathname, url.search, portal.webhooks.keys()),
			method: route?.method ?? null,
			authMode: route ? route.kind : 'none',
			params: {},
			status,
			redirectedTo: portal.baseUrl,
			durationMs: 0,
		});
		// The body is read and dropped, so the client can finish sending before it reads the answer.
		req.resume();
		req.on('end', () => {
			const body = `<html><head><title>${status} Moved</title></head><body><a href="${portal.baseUrl}${path}">moved</a></body></html>`;
			res.writeHead(status, {
				location: `${portal.baseUrl}${path}`,
				'content-type': 'text/html; charset=utf-8',
				'content-length': String(Buffer.byteLength(body)),
			});
			res.end(body);
		});
	};
	const server = createServer(answer);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const hostForUrl = host.includes(':') ? `[${host}]` : host;
	const baseUrl = `http://${hostForUrl}:${(server.address() as AddressInfo).port}`;
	return {
		baseUrl,
		webhookUrl: portal.webhookUrl.replace(portal.baseUrl, baseUrl),
		restUrl: `${baseUrl}/rest/`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
