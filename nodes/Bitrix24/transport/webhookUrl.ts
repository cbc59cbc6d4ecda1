/**
 * Parsing of the inbound webhook URL, shared by the webhook credential (to authenticate requests)
 * and the transport (to know the portal and which secret to redact). Messages never echo the URL:
 * it carries the secret.
 */

interface ParsedWebhookUrl {
	/** `https://portal/rest/1/secret/`, always with the trailing slash. */
	baseUrl: string;
	/** Scheme and host, e.g. `https://portal.bitrix24.com`: identifies the portal for rate limiting. */
	origin: string;
	userId: string;
	secret: string;
}

export const WEBHOOK_URL_SHAPE = 'https://YOUR-PORTAL.bitrix24.com/rest/USER_ID/SECRET/';

type WebhookUrlReading = { ok: true; webhook: ParsedWebhookUrl } | { ok: false; problem: string };

function refuse(problem: string): WebhookUrlReading {
	return { ok: false, problem };
}

/** What is wrong with the URL's scheme and parts before its path, if anything. */
function urlProblem(url: URL, allowHttp: boolean): string | undefined {
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The webhook URL must start with https://, like ${WEBHOOK_URL_SHAPE}`;
	}
	if (url.protocol === 'http:' && !allowHttp) {
		return `The webhook URL uses http://, which sends the webhook secret unencrypted. Use the https:// address of your portal, like ${WEBHOOK_URL_SHAPE}, or turn on "Allow HTTP" in the credential for a self-hosted portal without TLS.`;
	}
	if (url.search !== '' || url.hash !== '') {
		return `The webhook URL must not carry a query string or fragment. Remove everything after the secret; the URL must look like ${WEBHOOK_URL_SHAPE}`;
	}
	if (url.username !== '' || url.password !== '') {
		return `The webhook URL must not contain a user name or password. It must look like ${WEBHOOK_URL_SHAPE}`;
	}
	return undefined;
}

function urlOf(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/**
 * Accepts the URL as Bitrix24 shows it, with or without a trailing slash, and also with a method
 * name pasted after the secret (`…/SECRET/profile.json`), which users often copy from examples.
 */
export function parseWebhookUrl(raw: unknown, allowHttp: boolean): WebhookUrlReading {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		return refuse(
			`The webhook URL is empty. Paste the inbound webhook URL from Bitrix24, shaped like ${WEBHOOK_URL_SHAPE}`,
		);
	}
	const url = urlOf(text);
	if (!url)
		return refuse(`The webhook URL is not a valid URL. It must look like ${WEBHOOK_URL_SHAPE}`);
	const problem = urlProblem(url, allowHttp);
	if (problem) return refuse(problem);
	const match = /^\/rest\/(\d+)\/([A-Za-z0-9_-]+)(?:\/(?:[A-Za-z0-9_.]+)?)?\/?$/.exec(url.pathname);
	if (!match || match[1] === '0') {
		return refuse(
			`The webhook URL does not have the path of a Bitrix24 inbound webhook. It must look like ${WEBHOOK_URL_SHAPE} (user ID, then the secret).`,
		);
	}
	const [, userId, secret] = match;
	const baseUrl = `${url.origin}/rest/${userId}/${secret}/`;
	return { ok: true, webhook: { baseUrl, origin: url.origin, userId, secret } };
}
