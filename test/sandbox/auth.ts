/**
 * Who is calling a REST method: an inbound webhook (`/rest/USER/SECRET/method`, b24restdocs local-integrations/local-webhooks.md)
 * or an OAuth access token (`/rest/method` with `auth`, `access_token` or a Bearer header,
 * b24restdocs settings/oauth/index.md, [server] Rest\OAuth\Auth), and the documented errors when neither holds (b24restdocs _includes/system-errors.md, [server] Rest\OAuth\Auth).
 */
import { errors } from './errors';
import type { OAuthServer } from './oauth';
import type { Params } from './types';

export type RestRoute =
	| { kind: 'webhook'; userId: string; secret: string; method: string }
	| { kind: 'oauth'; method: string };

export interface Caller {
	mode: 'webhook' | 'oauth';
	userId: number;
	scope: string[];
	/** The app or webhook the operating-time limit is kept for. */
	identity: string;
	/** Set for the commands of a batch, whose errors read differently (batch.md). */
	inBatch?: boolean;
}

export interface Webhook {
	userId: number;
	scope: string[];
}

/** `.json` may be omitted (EN-docs local-webhooks.md); the server looks methods up lower-cased. */
const methodName = (segment: string) => segment.replace(/\.json$/i, '').toLowerCase();

export function parseRestPath(pathname: string): RestRoute | null {
	if (!pathname.startsWith('/rest/')) return null;
	let segments: string[];
	try {
		segments = pathname.slice('/rest/'.length).split('/').filter(Boolean).map(decodeURIComponent);
	} catch {
		return null;
	}
	if ((segments.length === 2 || segments.length === 3) && /^\d+$/.test(segments[0])) {
		return {
			kind: 'webhook',
			userId: segments[0],
			secret: segments[1],
			method: methodName(segments[2] ?? ''),
		};
	}
	if (segments.length === 1) return { kind: 'oauth', method: methodName(segments[0]) };
	return null;
}

/**
 * The access token of an OAuth call: a Bearer header wins over `auth`, then `access_token`
 * ([server] OAuth\Auth::getAuthKey). Both parameters are taken out of the method's parameters.
 */
export function takeAccessToken(
	params: Params,
	authorization: string | undefined,
): string | undefined {
	const fromParams = [params.auth, params.access_token].find(
		(v) => typeof v === 'string' && v !== '',
	) as string | undefined;
	delete params.auth;
	delete params.access_token;
	const bearer = /^Bearer\s+(\S+)/i.exec(authorization ?? '');
	return bearer ? bearer[1] : fromParams;
}

/**
 * [server] Bitrix\Rest\APAuth\Auth::onRestCheckAuth: a webhook call over plain HTTP is refused
 * before its secret is even checked, unless a self-hosted server defines REST_APAUTH_ALLOW_HTTP;
 * a user or secret that matches no webhook is INVALID_CREDENTIALS (`check`). NO_AUTH_FOUND is for
 * a call that carries no credentials at all (CRestUtil::checkAuth), such as /rest/ without a token.
 */
export function authenticate(
	route: RestRoute,
	accessToken: string | undefined,
	webhooks: Map<string, Webhook>,
	oauth: OAuthServer,
	allowHttpWebhooks: boolean,
): Caller {
	if (route.kind === 'webhook') {
		if (!allowHttpWebhooks) throw errors.httpsRequired();
		const hook = webhooks.get(route.secret);
		if (!hook || String(hook.userId) !== route.userId) throw errors.invalidCredentials();
		return {
			mode: 'webhook',
			userId: hook.userId,
			scope: hook.scope,
			identity: `webhook:${route.secret}`,
		};
	}
	if (!accessToken) throw errors.noAuth();
	const token = oauth.lookup(accessToken);
	if (!token) throw errors.invalidToken();
	if (token.expiresAt <= Date.now()) throw errors.expiredToken();
	return {
		mode: 'oauth',
		userId: token.userId,
		scope: token.scope,
		identity: `app:${token.clientId}`,
	};
}
