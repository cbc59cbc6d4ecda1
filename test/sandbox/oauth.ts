/**
 * The OAuth 2.0 side of a portal and of its authorization server (b24restdocs settings/oauth/index.md, [server] Rest\OAuth\Auth; EN-docs
 * settings/oauth/index.md, error-codes.md): authorization codes valid 30 s and usable once,
 * access tokens with a lifetime, refresh tokens that rotate (a used one stops working).
 */
import { randomBytes } from 'crypto';
import { safeDecode } from './encoding';

export interface OAuthConfig {
	clientId: string;
	clientSecret: string;
	redirectUri: string;
	accessTokenLifetimeSec: number;
	/** settings/oauth/auto-renewal.md: "The lifespan of the `refresh_token` is 180 days." */
	refreshTokenLifetimeSec: number;
	codeLifetimeSec: number;
	/** Scopes given to tokens issued from now on (the app card's scopes on a portal). */
	scope: string[];
}

export interface AccessToken {
	token: string;
	clientId: string;
	userId: number;
	scope: string[];
	expiresAt: number;
	refreshToken: string;
}

interface AuthCode {
	code: string;
	clientId: string;
	userId: number;
	expiresAt: number;
}

interface RefreshToken {
	token: string;
	clientId: string;
	userId: number;
	scope: string[];
	used: boolean;
	expiresAt: number;
}

export interface PortalIdentity {
	/** host:port of the sandbox, the portal's `domain` */
	domain: string;
	baseUrl: string;
	memberId: string;
}

export interface HttpAnswer {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const token = () => randomBytes(16).toString('hex');

const oauthError = (status: number, error: string, description: string): HttpAnswer => ({
	status,
	body: { error, error_description: description },
});

/** Bitrix24 shows authorization failures to the user itself instead of redirecting (b24restdocs settings/oauth/index.md, [server] Rest\OAuth\Auth). */
const errorPage = (message: string): HttpAnswer => ({
	status: 400,
	headers: { 'content-type': 'text/html; charset=utf-8' },
	body: `<!DOCTYPE html><html><head><title>Authorization error</title></head><body><h1>Authorization error</h1><p>${message}</p></body></html>`,
});

export class OAuthServer {
	private codes = new Map<string, AuthCode>();
	private accessTokens = new Map<string, AccessToken>();
	private refreshTokens = new Map<string, RefreshToken>();
	refreshCount = 0;
	codeExchangeCount = 0;

	constructor(
		public config: OAuthConfig,
		private readonly portal: PortalIdentity,
		private readonly defaultUserId: number,
	) {}

	reset(config: OAuthConfig): void {
		this.config = config;
		this.codes.clear();
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.refreshCount = 0;
		this.codeExchangeCount = 0;
	}

	lookup(accessToken: string): AccessToken | undefined {
		return this.accessTokens.get(accessToken);
	}

	expireAll(): number {
		const now = Date.now();
		let n = 0;
		for (const t of this.accessTokens.values()) {
			if (t.expiresAt > now) n++;
			t.expiresAt = Math.min(t.expiresAt, now);
		}
		return n;
	}

	snapshot() {
		const now = Date.now();
		return {
			refreshCount: this.refreshCount,
			codeExchangeCount: this.codeExchangeCount,
			accessTokens: [...this.accessTokens.values()].map((t) => ({
				token: t.token,
				userId: t.userId,
				scope: t.scope,
				expiresAt: t.expiresAt,
				expired: t.expiresAt <= now,
			})),
			refreshTokens: [...this.refreshTokens.values()].map((t) => ({
				token: t.token,
				used: t.used,
			})),
		};
	}

	/** Issues a token pair; used by both grants and by the control API for ready-made tokens. */
	issue(userId: number, scope: string[], lifetimeSec = this.config.accessTokenLifetimeSec) {
		const access: AccessToken = {
			token: token(),
			clientId: this.config.clientId,
			userId,
			scope,
			expiresAt: Date.now() + lifetimeSec * 1000,
			refreshToken: token(),
		};
		this.accessTokens.set(access.token, access);
		this.refreshTokens.set(access.refreshToken, {
			token: access.refreshToken,
			clientId: access.clientId,
			userId,
			scope,
			used: false,
			expiresAt: Date.now() + this.config.refreshTokenLifetimeSec * 1000,
		});
		// Field set of EN-docs settings/oauth/index.md (b24restdocs settings/oauth/index.md, [server] Rest\OAuth\Auth).
		return {
			access_token: access.token,
			expires: Math.floor(access.expiresAt / 1000),
			expires_in: lifetimeSec,
			scope: scope.join(','),
			domain: this.portal.domain,
			server_endpoint: `${this.portal.baseUrl}/rest/`,
			status: 'L',
			client_endpoint: `${this.portal.baseUrl}/rest/`,
			member_id: this.portal.memberId,
			user_id: userId,
			refresh_token: access.refreshToken,
		};
	}

	/** GET /oauth/authorize/: consent is automatic; a bad client gets an error page and no redirect. */
	authorize(query: URLSearchParams): HttpAnswer {
		const clientId = query.get('client_id');
		if (clientId !== this.config.clientId) {
			return errorPage(
				'Application not found: no application with this client_id is installed on the portal.',
			);
		}
		const code: AuthCode = {
			code: token(),
			clientId,
			userId: this.defaultUserId,
			expiresAt: Date.now() + this.config.codeLifetimeSec * 1000,
		};
		this.codes.set(code.code, code);
		// The browser goes back to the handler URL saved in the application, never to a redirect_uri
		// the request names (settings/oauth/index.md: "the registered application address").
		let target: URL;
		try {
			target = new URL(this.config.redirectUri);
		} catch {
			return errorPage(
				'The application has no valid handler URL. Set it in the local application settings.',
			);
		}
		const add: Record<string, string> = {
			code: code.code,
			state: query.get('state') ?? '',
			domain: this.portal.domain,
			member_id: this.portal.memberId,
			scope: this.config.scope.join(','),
			server_domain: this.portal.domain,
		};
		for (const [k, v] of Object.entries(add)) target.searchParams.set(k, v);
		return { status: 302, headers: { location: target.toString() }, body: '' };
	}

	/**
	 * /oauth/token/: authorization_code and refresh_token grants, parameters from the query or a
	 * form body, client credentials there or in a Basic header (b24restdocs settings/oauth/index.md, [server] Rest\OAuth\Auth).
	 */
	token(params: Record<string, unknown>, authorization: string | undefined): HttpAnswer {
		let clientId = typeof params.client_id === 'string' ? params.client_id : undefined;
		let clientSecret = typeof params.client_secret === 'string' ? params.client_secret : undefined;
		const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			if (colon !== -1) {
				clientId ??= safeDecode(decoded.slice(0, colon));
				clientSecret ??= safeDecode(decoded.slice(colon + 1));
			}
		}
		if (clientId !== this.config.clientId || clientSecret !== this.config.clientSecret) {
			return oauthError(401, 'invalid_client', 'Invalid client credentials');
		}
		const grant = params.grant_type;
		if (grant === 'authorization_code') {
			const code = typeof params.code === 'string' ? this.codes.get(params.code) : undefined;
			if (code) this.codes.delete(code.code);
			if (!code || code.clientId !== clientId || code.expiresAt <= Date.now()) {
				return oauthError(400, 'invalid_grant', 'Invalid authorization code');
			}
			this.codeExchangeCount++;
			return { status: 200, body: this.issue(code.userId, this.config.scope) };
		}
		if (grant === 'refresh_token') {
			const old =
				typeof params.refresh_token === 'string'
					? this.refreshTokens.get(params.refresh_token)
					: undefined;
			if (!old || old.used || old.clientId !== clientId || old.expiresAt <= Date.now()) {
				return oauthError(400, 'invalid_grant', 'Invalid refresh token');
			}
			old.used = true;
			this.refreshCount++;
			return { status: 200, body: this.issue(old.userId, old.scope) };
		}
		return oauthError(400, 'invalid_request', 'Unsupported grant_type');
	}
}
