/** `/oauth/authorize/` and `/oauth/token/` over HTTP (b24restdocs settings/oauth/index.md, [server] Rest\OAuth\Auth). Not rate-limited. */
import type { IncomingMessage, ServerResponse } from 'http';
import { finish, receive } from './front';
import { sendJson, sendRaw } from './http-io';
import type { HttpAnswer } from './oauth';
import type { Portal } from './portal';

export const OAUTH_PATH = /^\/oauth\/(authorize|token)\/?$/;

function send(res: ServerResponse, answer: HttpAnswer): void {
	if (typeof answer.body === 'string') sendRaw(res, answer.status, answer.body, answer.headers);
	else sendJson(res, answer.status, answer.body, answer.headers);
}

export async function handleOAuth(
	portal: Portal,
	endpoint: 'authorize' | 'token',
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<void> {
	const incoming = await receive(portal, req, res, url, { method: null, authMode: 'none' });
	if (!incoming) return;
	const answer =
		endpoint === 'authorize'
			? portal.oauth.authorize(url.searchParams)
			: portal.oauth.token(incoming.params, req.headers.authorization);
	send(res, answer);
	const error =
		typeof answer.body === 'object' && answer.body !== null
			? (answer.body as { error?: string }).error
			: undefined;
	finish(incoming, answer.status, error);
}
