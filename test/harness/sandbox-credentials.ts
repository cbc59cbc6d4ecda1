import { ClientOAuth2 } from '@n8n/client-oauth2';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { CredentialStore } from './credential-store';
import { CREDENTIAL_TYPE, type Auth } from './node-parameters';

/** The part of the sandbox (test/sandbox/server.ts) that credentials are made from. */
export interface SandboxEndpoints {
	baseUrl: string;
	webhookUrl: string;
	oauth: {
		clientId: string;
		clientSecret: string;
		authorizeUrl: string;
		tokenUrl: string;
		redirectUri?: string;
	};
}

/** Where n8n receives the OAuth2 redirect; only its path matters, nothing listens there. */
const N8N_OAUTH_CALLBACK = 'http://localhost:5678/rest/oauth2-credential/callback';

/** Webhook credential data for the sandbox; no client-side pacing unless a test asks for it. */
export function webhookCredentials(
	sandbox: Pick<SandboxEndpoints, 'webhookUrl'>,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		webhookSecretUrl: sandbox.webhookUrl,
		allowHttp: true,
		rateLimitPlan: 'custom',
		requestsPerSecond: 1000,
		burst: 1000,
		...overrides,
	};
}

/**
 * Connects an OAuth2 credential to the sandbox the way n8n's "Connect" button does: open the
 * authorize URL, take the `code` from the redirect, exchange it with n8n's own OAuth2 client
 * (client id and secret in the body, as the Bitrix24 credential's `authentication: body` says),
 * and store the token response, plus the redirect's extra query fields, as `oauthTokenData`.
 */
export async function connectOAuth2(sandbox: SandboxEndpoints): Promise<IDataObject> {
	const { clientId, clientSecret, authorizeUrl, tokenUrl } = sandbox.oauth;
	const client = new ClientOAuth2({
		clientId,
		clientSecret,
		authorizationUri: authorizeUrl,
		accessTokenUri: tokenUrl,
		redirectUri: sandbox.oauth.redirectUri ?? N8N_OAUTH_CALLBACK,
		scopes: ['crm'],
		state: 'harness',
		authentication: 'body',
	});

	const consent = await fetch(client.code.getUri(), { redirect: 'manual' });
	const location = consent.headers.get('location');
	if (consent.status !== 302 || !location) {
		throw new Error(
			`Sandbox authorize answered ${consent.status} without a redirect: ${await consent.text()}`,
		);
	}

	const token = await client.code.getToken(location, {
		body: { client_id: clientId, client_secret: clientSecret },
	});
	const callbackQuery = Object.fromEntries(new URL(location).searchParams);
	delete callbackQuery.code;
	delete callbackQuery.state;
	return { ...token.data, callbackQueryString: callbackQuery };
}

/** OAuth2 credential data for the sandbox, connected with real tokens from it. */
export async function oauth2Credentials(
	sandbox: SandboxEndpoints,
	overrides: ICredentialDataDecryptedObject = {},
): Promise<ICredentialDataDecryptedObject> {
	return {
		portalUrl: sandbox.baseUrl,
		authorizationServer: 'custom',
		customTokenUrl: sandbox.oauth.tokenUrl,
		clientId: sandbox.oauth.clientId,
		clientSecret: sandbox.oauth.clientSecret,
		rateLimitPlan: 'custom',
		requestsPerSecond: 1000,
		burst: 1000,
		oauthTokenData: await connectOAuth2(sandbox),
		...overrides,
	};
}

/** A store holding one credential of the given kind, connected to the sandbox (OAuth2: real tokens). */
export async function storeFor(
	sandbox: SandboxEndpoints,
	auth: Auth,
	overrides: ICredentialDataDecryptedObject | IDataObject = {},
): Promise<CredentialStore> {
	const fields = overrides as ICredentialDataDecryptedObject;
	const data =
		auth === 'webhook'
			? webhookCredentials(sandbox, fields)
			: await oauth2Credentials(sandbox, fields);
	return new CredentialStore().set(CREDENTIAL_TYPE[auth], data);
}
