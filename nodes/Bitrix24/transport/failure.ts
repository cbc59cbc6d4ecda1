import type { IDataObject } from 'n8n-workflow';

import type { RawAnswer } from './answer';

/** What came instead of a Bitrix24 answer that names a code. */
export type TransportProblem =
	| 'timeout'
	| 'connection'
	/** A body that is not JSON: a gateway's HTML page, a cut-off body, an empty answer. */
	| 'unreadable'
	/** JSON without a result, or a batch answer without this command's result. */
	| 'incomplete'
	| 'redirect'
	/** The request could not be sent at all (n8n refused it, e.g. its SSRF protection). */
	| 'other'
	/** The token server refused to renew the access token: the call itself was never sent. */
	| 'tokenRefused';

/** A request the node did not send, because a limit would hold it past Max Wait for Limits. */
export interface HeldBack {
	limit: 'request' | 'operating';
	/** The method whose operating time has no room (operating limit only). */
	method?: string;
	/** When the limit would let the request through, on this machine's clock (epoch ms). */
	until: number;
	/** Max Wait for Limits, in minutes. */
	boundMinutes: number;
}

/**
 * What went wrong with one call, as facts: Bitrix24's code and words, the status, what came
 * instead of an answer, or the limit that held the call back. Whether it is worth another try is
 * the engine's decision (engine/retryPolicy.ts); the words for the user are in explanations/.
 */
export interface BitrixFailure {
	/** Bitrix24's `error` code; may be '' (Bitrix24 sends empty codes for many argument errors). */
	code: string;
	description: string;
	httpStatus?: number;
	transportProblem?: TransportProblem;
	heldBack?: HeldBack;
}

export type Interpreted =
	| { ok: true; result: unknown; body: IDataObject }
	| { ok: false; failure: BitrixFailure };

const textOf = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));

export function failureFromErrorBody(body: IDataObject, httpStatus?: number): BitrixFailure {
	return { code: textOf(body.error), description: textOf(body.error_description), httpStatus };
}

function problem(
	transportProblem: TransportProblem,
	description: string,
	httpStatus?: number,
): Interpreted {
	return { ok: false, failure: { code: '', description, httpStatus, transportProblem } };
}

function interpretJson(body: IDataObject, status: number): Interpreted {
	// `error` is often the empty string, so presence of the key is what counts.
	if ('error' in body || 'error_description' in body)
		return { ok: false, failure: failureFromErrorBody(body, status) };
	if (!('result' in body)) return problem('incomplete', 'an answer without a result', status);
	return { ok: true, result: body.result, body };
}

/** Bitrix24's answer, or what went wrong, as facts. */
export function interpretAnswer(answer: RawAnswer): Interpreted {
	switch (answer.kind) {
		case 'json':
			return interpretJson(answer.body, answer.status);
		case 'noAnswer':
			return problem(answer.reason, answer.detail);
		case 'tokenRefused':
			return {
				ok: false,
				failure: {
					code: answer.error,
					description: answer.description,
					transportProblem: 'tokenRefused',
				},
			};
		case 'redirect':
			// Only a redirect the transport could not follow gets here; its location is never shown.
			return problem('redirect', answer.problem ?? 'a redirect', answer.status);
		case 'unreadable':
			return problem(
				'unreadable',
				answer.snippet === '' ? 'empty answer' : 'an answer that is not JSON',
				answer.status,
			);
	}
}
