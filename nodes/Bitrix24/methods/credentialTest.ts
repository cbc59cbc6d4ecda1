import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { readBody, readRedirect, readThrownError } from '../transport/answer';
import type { RawAnswer } from '../transport/answer';
import { explainFailure } from '../explanations';
import { interpretAnswer } from '../transport/failure';
import { credentialUpdateHint, readMove } from '../transport/portalMove';
import { redact } from '../transport/redact';
import { parseWebhookUrl } from '../transport/webhookUrl';

const TEST_TIMEOUT_MS = 30_000;

async function postProfile(
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

/**
 * The webhook credential's test: `profile` needs no scope, so it checks the URL and secret. It
 * says what the node would say on a failure, and that the portal moved when it did: the test of
 * a plain request definition could only show a status text.
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

	const answer = await postProfile(this.helpers, `${baseUrl}profile.json`);
	if (answer.kind === 'redirect') {
		const move = readMove(baseUrl, answer.location);
		const message = move.moved
			? `The Bitrix24 portal has moved to ${move.to} (it answered ${answer.status}). The node follows it, but ${credentialUpdateHint('bitrix24WebhookApi')}.`
			: `Bitrix24 answered ${answer.status} with ${move.problem}. Open the portal in a browser and check its address.`;
		return { status: 'Error', message: redact(message, secrets) };
	}
	const interpreted = interpretAnswer(answer);
	if (interpreted.ok)
		return { status: 'OK', message: 'Connection successful: Bitrix24 accepted the webhook' };
	const explained = explainFailure(interpreted.failure, {
		method: 'profile',
		secrets,
		credentialType: 'bitrix24WebhookApi',
	});
	return {
		status: 'Error',
		message: redact(`${explained.message}. ${explained.description}`, secrets),
	};
}
