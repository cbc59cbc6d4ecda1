/**
 * The credentials `npm start` and the end-to-end tests import into n8n: a webhook credential
 * and an OAuth2 credential that already holds real tokens from the sandbox, as if a user had
 * clicked "Connect my account" (the sandbox consents automatically).
 */
import { writeFileSync } from 'fs';

export type AuthKind = 'webhook' | 'oAuth2';

/** Fixed ids, so the example workflows can reference them. */
export const CREDENTIALS = {
	webhook: {
		id: 'Bx24WebhookCred1',
		name: 'Bitrix24 sandbox (webhook)',
		type: 'bitrix24WebhookApi',
	},
	oAuth2: { id: 'Bx24OAuth2Cred01', name: 'Bitrix24 sandbox (OAuth2)', type: 'bitrix24OAuth2Api' },
} as const;

/**
 * A real portal's webhook (BITRIX24_WEBHOOK_URL), under an id of its own: examples made for the
 * sandbox, imported by earlier runs into the same user folder, never end up pointing at the portal.
 */
export const PORTAL_CREDENTIAL = {
	id: 'Bx24PortalCred01',
	name: 'Bitrix24 portal (webhook)',
	type: 'bitrix24WebhookApi',
} as const;

type CredentialIdentity = { id: string; name: string };

/** What n8n's import:credentials reads: plain data, encrypted on import. */
export interface CredentialFileEntry {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface SandboxOAuthEndpoints {
	baseUrl: string;
	oauth: { clientId: string; clientSecret: string; authorizeUrl: string; tokenUrl: string };
}

/** `webhookUrl` is the sandbox's, or a real portal's (then plain http only if the URL says so). */
export function webhookCredential(
	webhookUrl: string,
	identity: CredentialIdentity = CREDENTIALS.webhook,
): CredentialFileEntry {
	return {
		id: identity.id,
		name: identity.name,
		type: CREDENTIALS.webhook.type,
		data: {
			webhookSecretUrl: webhookUrl,
			allowHttp: webhookUrl.startsWith('http:'),
			rateLimitPlan: 'standard',
		},
	};
}

export function oAuth2Credential(
	sandbox: SandboxOAuthEndpoints,
	oauthTokenData: Record<string, unknown>,
): CredentialFileEntry {
	return {
		id: CREDENTIALS.oAuth2.id,
		name: CREDENTIALS.oAuth2.name,
		type: CREDENTIALS.oAuth2.type,
		data: {
			portalUrl: sandbox.baseUrl,
			authorizationServer: 'custom',
			customTokenUrl: sandbox.oauth.tokenUrl,
			clientId: sandbox.oauth.clientId,
			clientSecret: sandbox.oauth.clientSecret,
			grantType: 'authorizationCode',
			authUrl: `${sandbox.baseUrl}/oauth/authorize/`,
			accessTokenUrl: sandbox.oauth.tokenUrl,
			authQueryParameters: '',
			authentication: 'body',
			scope: 'crm',
			rateLimitPlan: 'standard',
			oauthTokenData,
		},
	};
}

/**
 * Real tokens through the sandbox's own authorization-code flow: the authorize endpoint redirects
 * with a `code`, the token endpoint exchanges it (client credentials as parameters, as Bitrix24 wants).
 */
export async function obtainSandboxTokens(
	sandbox: SandboxOAuthEndpoints,
): Promise<Record<string, unknown>> {
	const authorize = new URL(sandbox.oauth.authorizeUrl);
	authorize.searchParams.set('client_id', sandbox.oauth.clientId);
	authorize.searchParams.set('response_type', 'code');
	authorize.searchParams.set('state', 'n8n-e2e');
	const redirect = await fetch(authorize, { redirect: 'manual' });
	const location = redirect.headers.get('location');
	const code = location ? new URL(location).searchParams.get('code') : null;
	if (redirect.status !== 302 || !code) {
		throw new Error(`sandbox authorize answered ${redirect.status} without a code`);
	}
	const tokenRequest = new URL(sandbox.oauth.tokenUrl);
	const body = new URLSearchParams({
		grant_type: 'authorization_code',
		client_id: sandbox.oauth.clientId,
		client_secret: sandbox.oauth.clientSecret,
		code,
	});
	const answer = await fetch(tokenRequest, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body,
	});
	const tokens = (await answer.json()) as Record<string, unknown>;
	if (!answer.ok || typeof tokens.access_token !== 'string') {
		throw new Error(
			`sandbox token endpoint answered ${answer.status}: ${String(tokens.error ?? '')}`,
		);
	}
	return tokens;
}

export function writeCredentialsFile(file: string, credentials: CredentialFileEntry[]): void {
	writeFileSync(file, JSON.stringify(credentials, null, 2));
}
