import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperatingWindow, RateLimit } from './plan';
import { operatingWindowOf, rateLimitOf } from './plan';
import { tokenExpiryMs } from './tokenGate';
import { parseWebhookUrl } from './webhookUrl';

export type Authentication = 'webhook' | 'oAuth2';

/** Undefined for a value the parameter should not hold, which a hand-edited workflow may save. */
function credentialTypeOf(authentication: Authentication): string | undefined {
	if (authentication === 'webhook') return 'bitrix24WebhookApi';
	if (authentication === 'oAuth2') return 'bitrix24OAuth2Api';
	return undefined;
}

/** Everything the engine and transport need to know about the portal behind the credential. */
export interface Portal {
	credentialType: string;
	/** REST base with a trailing slash; a method name is appended to it. */
	restBaseUrl: string;
	/** Identifies the portal's request bucket, which Bitrix24 keeps per portal. */
	key: string;
	rateLimit: RateLimit;
	/**
	 * Identifies the operating-time accounts, which Bitrix24 keeps per webhook or application on a
	 * portal. Never shown: it is derived from the secret.
	 */
	budgetKey: string;
	operatingWindow: OperatingWindow;
	/** Values that must never appear in an error, log line or output. */
	secrets: string[];
	/** The origin the portal moved to during this execution, once a redirect said so (portalMove.ts). */
	movedTo?: string;
	/** OAuth2: which credential's token gate the requests pass (tokenGate.ts), and when its token expires. */
	tokenGateKey?: string;
	tokenExpiresAtMs?: number;
	/**
	 * The webhook credential, decrypted once per execution: handed to n8n's request helper, which
	 * would otherwise load and decrypt it again for each of thousands of requests. OAuth2 has none:
	 * n8n must read its token afresh, since a refresh can replace it mid-run.
	 */
	credentials?: ICredentialsDecrypted;
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

function oauthRestBase(
	credentials: IDataObject,
): { restBaseUrl: string; origin: string } | undefined {
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const candidates = [tokenData.client_endpoint, credentials.portalUrl];
	for (const candidate of candidates) {
		if (typeof candidate !== 'string' || candidate.trim() === '') continue;
		let url: URL;
		try {
			url = new URL(candidate.trim());
		} catch {
			continue;
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
		const restBaseUrl =
			candidate === tokenData.client_endpoint
				? withTrailingSlash(url.href)
				: `${url.origin}${url.pathname.replace(/\/+$/, '')}/rest/`;
		return { restBaseUrl, origin: url.origin };
	}
	return undefined;
}

function stringsOf(...values: unknown[]): string[] {
	return values.filter((value): value is string => typeof value === 'string' && value.length >= 6);
}

export async function resolvePortal(
	context: IExecuteFunctions | ILoadOptionsFunctions,
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
	const rateLimit = rateLimitOf(credentials);
	const operatingWindow = operatingWindowOf(credentials);

	if (authentication === 'webhook') {
		const reading = parseWebhookUrl(credentials.webhookSecretUrl, credentials.allowHttp === true);
		if (!reading.ok) {
			throw new NodeOperationError(
				context.getNode(),
				`Bitrix24 webhook credential: ${reading.problem}`,
			);
		}
		const reference = context.getNode().credentials?.[credentialType];
		return {
			credentialType,
			restBaseUrl: reading.webhook.baseUrl,
			key: reading.webhook.origin,
			rateLimit,
			budgetKey: `${reading.webhook.origin} webhook ${fingerprint(reading.webhook.baseUrl)}`,
			operatingWindow,
			secrets: [reading.webhook.secret],
			credentials: {
				id: reference?.id ?? '',
				name: reference?.name ?? credentialType,
				type: credentialType,
				data: credentials,
			},
		};
	}

	const base = oauthRestBase(credentials);
	if (!base) {
		throw new NodeOperationError(
			context.getNode(),
			'Bitrix24 OAuth2 credential: the Portal URL is not a valid URL. Enter it like https://your-portal.bitrix24.com and connect the credential again.',
		);
	}
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const reference = context.getNode().credentials?.[credentialType];
	return {
		credentialType,
		restBaseUrl: base.restBaseUrl,
		key: base.origin,
		rateLimit,
		budgetKey: `${base.origin} app ${fingerprint(String(credentials.clientId ?? ''))}`,
		operatingWindow,
		secrets: stringsOf(tokenData.access_token, tokenData.refresh_token, credentials.clientSecret),
		tokenGateKey: `${credentialType}:${reference?.id ?? `${base.origin}|${String(credentials.clientId ?? '')}`}`,
		tokenExpiresAtMs: tokenExpiryMs(tokenData),
	};
}
