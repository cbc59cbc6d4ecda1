import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { BitrixFailure } from '../transport/failure';
import { redact } from '../transport/redact';
import { explainAccessFailure } from './byAccess';
import { BY_CODE } from './byCode';
import { explainByDescription } from './byDescription';
import { explainHeldBack } from './byHeldLimit';
import { BY_TRANSPORT_PROBLEM } from './byTransportProblem';
import type { Explanation, FailureContext } from './context';

/*
 * What a user reads about a failure, in one folder: a table per source of failure (what came
 * instead of an answer, a limit the node waited for, who is refused, Bitrix24's error code) and,
 * last, the words Bitrix24 used. To change what a user reads, find the source's table here.
 */

export type { FailureContext } from './context';

function tokenServerRefusal(failure: BitrixFailure, context: FailureContext, said: string) {
	return {
		message: `The Bitrix24 token server refused to renew the access token (${failure.code})`,
		description:
			`${said} ${context.method} was not sent. Open the Bitrix24 OAuth2 credential, check its settings and reconnect it.`.trim(),
	};
}

/**
 * What went wrong and what to do, in words; the caller redacts. Looked up in order: a limit that
 * held the call back, what came instead of an answer, who is refused (access), the token server's
 * refusal, the error code, and last what Bitrix24's description says.
 */
export function explainFailure(failure: BitrixFailure, context: FailureContext): Explanation {
	const said = failure.description ? ` Bitrix24 said: "${failure.description}".` : '';
	if (failure.heldBack) return explainHeldBack(failure, context, said);
	const byProblem = failure.transportProblem && BY_TRANSPORT_PROBLEM.get(failure.transportProblem);
	if (byProblem) return byProblem(failure, context, said);
	const access = explainAccessFailure(failure, context);
	if (access) return access;
	if (failure.transportProblem === 'tokenRefused')
		return tokenServerRefusal(failure, context, said);
	const byCode = BY_CODE.get(failure.code);
	return (byCode ?? explainByDescription)(failure, context, said);
}

/**
 * Builds the error from a fresh object, never from the raw HTTP error, which carries the request
 * URL and headers, and so the webhook secret or the access token.
 */
export function failureToNodeApiError(
	node: INode,
	failure: BitrixFailure,
	context: FailureContext,
): NodeApiError {
	const explained = explainFailure(failure, context);
	const message = redact(explained.message, context.secrets);
	const description = redact(explained.description, context.secrets);
	const httpCode = failure.httpStatus ? String(failure.httpStatus) : undefined;
	const response: JsonObject = {
		message,
		description,
		error: redact(failure.code, context.secrets),
		error_description: redact(failure.description, context.secrets),
	};
	if (httpCode) response.httpCode = httpCode;
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode,
		itemIndex: context.itemIndex,
	});
}
