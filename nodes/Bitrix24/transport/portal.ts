import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Connection } from './connection';
import type { PortalLimits } from './tariff';
import { operatingWindowOf, rateLimitOf } from './tariff';
import { tokenExpiryMs } from './tokenExpiry';
import { parseWebhookUrl } from './webhookUrl';

export type Authentication = 'webhook' | 'oAuth2';

/** The portal behind a credential: how to reach it, and the limits its requests pace under. */
export interface Portal {
	connection: Connection;
	limits: PortalLimits;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** Undefined for a value the parameter should not hold, which a hand-edited workflow may save. */
function credentialTypeOf(authentication: Authentication): string | undefined {
	if (authentication === 'webhook') return 'bitrix24WebhookApi';
	if (authentication === 'oAuth2') return 'bitrix24OAuth2Api';
	return undefined;
}

/** A short fingerprint (FNV-1a), so a key tells webhooks apart without holding their secret. */
function fingerprint(text: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16);
}

function withTrailingSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}

function httpUrl(candidate: unknown): URL | undefined {
	if (typeof candidate !== 'string' || candidate.trim() === '') return undefined;
	try {
		const url = new URL(candidate.trim());
		return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
	} catch {
		return undefined;
	}
}

/** The token's `client_endpoint` when it has one, else the REST base of the Portal URL. */
function oauthRestBase(
	credentials: IDataObject,
): { restBaseUrl: string; origin: string } | undefined {
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const endpoint = httpUrl(tokenData.client_endpoint);
	if (endpoint) return { restBaseUrl: withTrailingSlash(endpoint.href), origin: endpoint.origin };
	const portalUrl = httpUrl(credentials.portalUrl);
	if (!portalUrl) return undefined;
	const path = portalUrl.pathname.replace(/\/+$/, '');
	return { restBaseUrl: `${portalUrl.origin}${path}/rest/`, origin: portalUrl.origin };
}

function stringsOf(...values: unknown[]): string[] {
	return values.filter((value): value is string => typeof value === 'string' && value.length >= 6);
}

function limitsOf(credentials: IDataObject, origin: string, account: string): PortalLimits {
	return {
		rateLimit: rateLimitOf(credentials),
		bucketKey: origin,
		operatingWindow: operatingWindowOf(credentials),
		budgetKey: `${origin} ${account}`,
	};
}

function webhookPortal(
	context: Context,
	credentials: ICredentialDataDecryptedObject,
	credentialType: string,
): Portal {
	const reading = parseWebhookUrl(credentials.webhookSecretUrl, credentials.allowHttp === true);
	if (!reading.ok) {
		throw new NodeOperationError(
			context.getNode(),
			`Bitrix24 webhook credential: ${reading.problem}`,
		);
	}
	const { baseUrl, origin, secret } = reading.webhook;
	const reference = context.getNode().credentials?.[credentialType];
	const connection: Connection = {
		credentialType,
		restBaseUrl: baseUrl,
		origin,
		secrets: [secret],
		credentials: {
			id: reference?.id ?? '',
			name: reference?.name ?? credentialType,
			type: credentialType,
			data: credentials,
		},
	};
	return { connection, limits: limitsOf(credentials, origin, `webhook ${fingerprint(baseUrl)}`) };
}

function oauthPortal(context: Context, credentials: IDataObject, credentialType: string): Portal {
	const base = oauthRestBase(credentials);
	if (!base) {
		throw new NodeOperationError(
			context.getNode(),
			'Bitrix24 OAuth2 credential: the Portal URL is not a valid URL. Enter it like https://your-portal.bitrix24.com and connect the credential again.',
		);
	}
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const clientId = String(credentials.clientId ?? '');
	const reference = context.getNode().credentials?.[credentialType];
	const connection: Connection = {
		credentialType,
		...base,
		secrets: stringsOf(tokenData.access_token, tokenData.refresh_token, credentials.clientSecret),
		tokenGateKey: `${credentialType}:${reference?.id ?? `${base.origin}|${clientId}`}`,
		tokenExpiresAtMs: tokenExpiryMs(tokenData),
	};
	return { connection, limits: limitsOf(credentials, base.origin, `app ${fingerprint(clientId)}`) };
}

export async function resolvePortal(
	context: Context,
	authentication: Authentication,
): Promise<Portal> {
	const credentialType = credentialTypeOf(authentication);
	if (!credentialType) {
		throw new NodeOperationError(
			context.getNode(),
			`Unknown authentication "${String(authentication)}": choose Webhook or OAuth2`,
		);
	}
	const credentials = await context.getCredentials(credentialType);
	return authentication === 'webhook'
		? webhookPortal(context, credentials, credentialType)
		: oauthPortal(context, credentials, credentialType);
}
