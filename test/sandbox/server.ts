/**
 * The Bitrix24 sandbox: a local stand-in for a portal's REST API, its OAuth server, and a control
 * API for tests, on one HTTP port. See README.md beside this file.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'http';
import type { AddressInfo } from 'net';
import { parseRestPath } from './auth';
import { SandboxControl } from './control-client';
import { handleControl } from './control';
import { type FormerAddress, type FormerAddressOptions, openFormerAddress } from './former-address';
import { sendJson } from './http-io';
import { OAUTH_PATH, handleOAuth } from './oauth-routes';
import { Portal, resolveOptions } from './portal';
import { handleRest } from './rest';
import type { SandboxOptions } from './types';

export type { SandboxOptions } from './types';
export type { FormerAddress } from './former-address';

export interface SandboxOAuthInfo {
	clientId: string;
	clientSecret: string;
	authorizeUrl: string;
	tokenUrl: string;
	restUrl: string;
	redirectUri: string;
}

export interface Sandbox {
	baseUrl: string;
	port: number;
	webhookUrl: string;
	userId: number;
	webhookSecret: string;
	oauth: SandboxOAuthInfo;
	controlUrl: string;
	control: SandboxControl;
	/**
	 * Makes the portal one that moved here from another address: the returned old address answers
	 * every request with a redirect to this one. Closed with the sandbox.
	 */
	openFormerAddress(options?: FormerAddressOptions): Promise<FormerAddress>;
	close(): Promise<void>;
}

const notFound = (res: ServerResponse) =>
	sendJson(res, 404, { error: 'NOT_FOUND', error_description: 'Not found' });

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const resolved = resolveOptions(options);
	// Filled once the port is known, which the portal's URLs need; until then every path is 404.
	const ready: { portal?: Portal; info: Record<string, unknown> } = { info: {} };

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const { portal } = ready;
		if (!portal) return notFound(res);
		const raw = req.url ?? '/';
		const url = new URL(`http://sandbox.invalid${raw.startsWith('/') ? raw : `/${raw}`}`);
		const { pathname } = url;
		if (req.method === 'HEAD') return notFound(res);
		if (pathname === '/_sandbox' || pathname.startsWith('/_sandbox/')) {
			return handleControl(portal, req, res, url, () => ready.info);
		}
		const oauthEndpoint = OAUTH_PATH.exec(pathname)?.[1] as 'authorize' | 'token' | undefined;
		if (oauthEndpoint && (req.method === 'GET' || req.method === 'POST')) {
			return handleOAuth(portal, oauthEndpoint, req, res, url);
		}
		const route = parseRestPath(pathname);
		if (route && (req.method === 'GET' || req.method === 'POST'))
			return handleRest(portal, route, req, res, url);
		notFound(res);
	};

	const server = createServer((req, res) => {
		// Whatever goes wrong, the client gets an answer and the server keeps running.
		handle(req, res).catch(() => {
			if (!res.headersSent)
				sendJson(res, 500, {
					error: 'INTERNAL_SERVER_ERROR',
					error_description: 'Internal server error',
				});
			else res.destroy();
		});
	});
	server.on('clientError', (_err, socket) => {
		if (socket.writable)
			socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
		else socket.destroy();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(resolved.port, resolved.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
	const baseUrl = `http://${hostForUrl}:${port}`;
	const portal = new Portal(resolved, baseUrl);
	ready.portal = portal;

	const oauth: SandboxOAuthInfo = {
		clientId: resolved.oauth.clientId,
		clientSecret: resolved.oauth.clientSecret,
		authorizeUrl: `${baseUrl}/oauth/authorize/`,
		tokenUrl: `${baseUrl}/oauth/token/`,
		restUrl: `${baseUrl}/rest/`,
		redirectUri: resolved.oauth.redirectUri,
	};
	const controlUrl = `${baseUrl}/_sandbox/`;
	const info = {
		baseUrl,
		port,
		webhookUrl: portal.webhookUrl,
		userId: resolved.userId,
		webhookSecret: resolved.webhookSecret,
		oauth,
		controlUrl,
	};
	ready.info = info;

	const formerAddresses: FormerAddress[] = [];
	return {
		...info,
		control: new SandboxControl(baseUrl),
		openFormerAddress: async (formerOptions) => {
			const former = await openFormerAddress(portal, resolved.host, formerOptions);
			formerAddresses.push(former);
			return former;
		},
		close: async () => {
			await Promise.all(formerAddresses.map(async (former) => await former.close()));
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
