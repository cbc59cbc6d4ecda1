import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { readBody, readRedirect, readThrownError } from '../transport/answer';
import type { RawAnswer } from '../transport/answer';
import { explainFailure } from '../explanations';
import type { BitrixFailure } from '../transport/failure';
import { interpretAnswer } from '../transport/failure';
import { credentialUpdateHint, readMove } from '../transport/portalMove';
import { redact } from '../transport/redact';
import { parseWebhookUrl } from '../transport/webhookUrl';

const TEST_TIMEOUT_MS = 30_000;

/** The scope every operation of the node needs (each `crm.*` method). */
const CRM_SCOPE = 'crm';

const TICK_CRM =
	'In Bitrix24 open Developer resources → Other → Inbound webhook, edit this webhook, tick CRM (crm) under access permissions and save; the webhook URL stays the same.';

async function postMethod(
	helpers: ICredentialTestFunctions['helpers'],
	url: string,
): Promise<RawAnswer> {
	try {
		// Not followed: a moved portal's 302 would turn the POST into a GET and hide the move.
		const response = (await helpers.request({
			method: 'POST',
			uri: url,
			body: {},
			json: true,
			followRedirect: false,
			followAllRedirects: false,
			resolveWithFullResponse: true,
			simple: false,
			timeout: TEST_TIMEOUT_MS,
		})) as { statusCode?: number; headers?: unknown; body?: unknown };
		const status = Number(response.statusCode ?? 0);
		return readRedirect(status, response.headers) ?? readBody(status, response.body);
	} catch (error) {
		return readThrownError(error);
	}
}

function movedResult(baseUrl: string, answer: { status: number; location: string }): string {
	const move = readMove(baseUrl, answer.location);
	return move.moved
		? `The Bitrix24 portal has moved to ${move.to} (it answered ${answer.status}). The node follows it, but ${credentialUpdateHint('bitrix24WebhookApi')}.`
		: `Bitrix24 answered ${answer.status} with ${move.problem}. Open the portal in a browser and check its address.`;
}

/** What the node would say of the failure: the free plan, a refused secret, and the rest (explanations/). */
function failureMessage(failure: BitrixFailure, secrets: string[]): string {
	const explained = explainFailure(failure, {
		method: 'scope',
		secrets,
		credentialType: 'bitrix24WebhookApi',
	});
	return `${explained.message}. ${explained.description}`;
}

/** `scope` answers the webhook's scopes: Get and every other operation need `crm` among them. */
function scopeVerdict(result: unknown): INodeCredentialTestResult {
	if (!Array.isArray(result))
		return {
			status: 'OK',
			message: `Connection successful: Bitrix24 accepted the webhook, but did not list its scopes. Make sure CRM (crm) is ticked: ${TICK_CRM}`,
		};
	if (!result.includes(CRM_SCOPE)) {
		const has = result.length ? result.join(', ') : 'none';
		return {
			status: 'Error',
			message: `The webhook lacks the CRM scope, which every Bitrix24 node operation needs (its scopes: ${has}). ${TICK_CRM}`,
		};
	}
	return {
		status: 'OK',
		message: 'Connection successful: Bitrix24 accepted the webhook, and it has the CRM scope',
	};
}

/**
 * The webhook credential's test: what a Get will need. Bitrix24's `scope` method
 * (b24restdocs api-reference/common/system/scope.md) needs no scope itself, so it checks the URL
 * and secret, and answers the webhook's scopes, which must hold `crm`. It says what the node would
 * say on a failure, that the portal is on the free plan, or that it moved: the test of a plain
 * request definition could only show a status text.
 */
export async function bitrix24WebhookApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const reading = parseWebhookUrl(data.webhookSecretUrl, data.allowHttp === true);
	if (!reading.ok) return { status: 'Error', message: reading.problem };
	const { baseUrl, secret } = reading.webhook;
	const secrets = [secret];

	const answer = await postMethod(this.helpers, `${baseUrl}scope.json`);
	if (answer.kind === 'redirect')
		return { status: 'Error', message: redact(movedResult(baseUrl, answer), secrets) };
	const interpreted = interpretAnswer(answer);
	if (!interpreted.ok)
		return {
			status: 'Error',
			message: redact(failureMessage(interpreted.failure, secrets), secrets),
		};
	return scopeVerdict(interpreted.result);
}
