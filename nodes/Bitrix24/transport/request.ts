import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { RawAnswer } from './answer';
import { readBody, readThrownError } from './answer';
import type { Portal } from './portal';

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The only place that talks HTTP. One POST with a JSON body through n8n's authenticated request
 * helper, so n8n signs OAuth2 requests and refreshes expired tokens itself. Never throws: every
 * outcome, an HTTP error status included, comes back as a RawAnswer for the engine to judge.
 */
export async function postMethod(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	portal: Portal,
	method: string,
	params: IDataObject,
	timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<RawAnswer> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${portal.restBaseUrl}${method}.json`,
		body: params,
		json: true,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		timeout: timeoutMs,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			portal.credentialType,
			options,
			portal.credentials ? { credentialsDecrypted: portal.credentials } : undefined,
		)) as { statusCode?: number; body?: unknown };
		return readBody(Number(response.statusCode ?? 200), response.body);
	} catch (error) {
		return readThrownError(error);
	}
}
