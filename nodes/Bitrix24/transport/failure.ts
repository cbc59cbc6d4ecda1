import type { IDataObject } from 'n8n-workflow';

import type { RawAnswer } from './answer';

/**
 * How the engine may react to a failure: wait for the request bucket, wait for the method's
 * operating-time window, retry with backoff, or give up at once.
 */
export type RetryKind = 'rateLimit' | 'operatingLimit' | 'transient' | 'never';

export interface BitrixFailure {
	/** Bitrix24's `error` code; may be '' (Bitrix24 sends empty codes for many argument errors). */
	code: string;
	description: string;
	httpStatus?: number;
	retry: RetryKind;
	/** For answers that were not Bitrix24 JSON: what came instead. */
	transportProblem?:
		| 'timeout'
		| 'connection'
		| 'unreadable'
		| 'redirect'
		| 'other'
		| 'tokenRefused';
}

export type Interpreted =
	| { ok: true; result: unknown; body: IDataObject }
	| { ok: false; failure: BitrixFailure };

export function failureFromErrorBody(body: IDataObject, httpStatus?: number): BitrixFailure {
	const code = typeof body.error === 'string' ? body.error : String(body.error ?? '');
	const description =
		typeof body.error_description === 'string'
			? body.error_description
			: String(body.error_description ?? '');
	let retry: RetryKind = 'never';
	if (code === 'QUERY_LIMIT_EXCEEDED') retry = 'rateLimit';
	else if (code === 'OPERATION_TIME_LIMIT') retry = 'operatingLimit';
	// A 5xx that names a Bitrix24 code (ERROR_CORE, INTERNAL_SERVER_ERROR, OVERLOAD_LIMIT, ...) is the
	// portal's verdict on this call, and the same call gets the same verdict: the jssdk never
	// retries INTERNAL_SERVER_ERROR either. Only a 5xx without a code may be a passing fault.
	else if (httpStatus !== undefined && httpStatus >= 500 && code === '') retry = 'transient';
	return { code, description, httpStatus, retry };
}

export function interpretAnswer(answer: RawAnswer): Interpreted {
	if (answer.kind === 'noAnswer') {
		return {
			ok: false,
			failure: {
				code: '',
				description: answer.detail,
				retry: answer.reason === 'other' ? 'never' : 'transient',
				transportProblem: answer.reason,
			},
		};
	}
	if (answer.kind === 'tokenRefused') {
		// Not Bitrix24's REST answer but its token server's: the call itself was never sent.
		return {
			ok: false,
			failure: {
				code: answer.error,
				description: answer.description,
				retry: 'never',
				transportProblem: 'tokenRefused',
			},
		};
	}
	if (answer.kind === 'redirect') {
		// Only a redirect the transport could not follow gets here; its location is never shown.
		return {
			ok: false,
			failure: {
				code: '',
				description: answer.problem ?? 'a redirect',
				httpStatus: answer.status,
				retry: 'never',
				transportProblem: 'redirect',
			},
		};
	}
	if (answer.kind === 'unreadable') {
		// A gateway's HTML page or a cut-off body: the portal or a proxy is in trouble, try again.
		const transient = answer.status >= 500 || answer.status === 200 || answer.status === 429;
		return {
			ok: false,
			failure: {
				code: '',
				description: answer.snippet === '' ? 'empty answer' : 'an answer that is not JSON',
				httpStatus: answer.status,
				retry: transient ? 'transient' : 'never',
				transportProblem: 'unreadable',
			},
		};
	}
	const { body, status } = answer;
	// `error` is often the empty string, so presence of the key is what counts.
	if ('error' in body || 'error_description' in body)
		return { ok: false, failure: failureFromErrorBody(body, status) };
	if (!('result' in body)) {
		return {
			ok: false,
			failure: {
				code: '',
				description: 'an answer without a result',
				httpStatus: status,
				retry: status >= 500 ? 'transient' : 'never',
				transportProblem: 'unreadable',
			},
		};
	}
	return { ok: true, result: body.result, body };
}
