import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Explanation } from './accessExplanations';
import { explainAccessFailure } from './accessExplanations';
import type { FailureContext } from './explanationTables';
import { BY_CODE, BY_TRANSPORT_PROBLEM, gaveUpNote } from './explanationTables';
import type { BitrixFailure } from './failure';
import { redact } from './redact';

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Failures no code or table entry explains, told apart by what Bitrix24 said and the status. */
function explainByDescription(
	failure: BitrixFailure,
	context: FailureContext,
	said: string,
): Explanation {
	const { code, description } = failure;
	const subject = context.subject ?? 'the record';
	if (/not found/i.test(description)) {
		return {
			message: `${capitalised(subject)} does not exist in Bitrix24`,
			description: `Bitrix24 answered "${description}" to ${context.method}. Check the ID, or pick the record from the list.`,
		};
	}
	if (/ownerEntityID/i.test(description)) {
		return {
			message: `Bitrix24 refused the ID of ${subject}`,
			description: `Bitrix24 answered "${description}". The ID must be a positive whole number of an existing record.`,
		};
	}
	if (code && failure.httpStatus !== undefined && failure.httpStatus >= 500) {
		return {
			message: `Bitrix24 failed on ${context.method} (${code}, HTTP ${failure.httpStatus})`,
			description:
				`${said} This is an error inside the portal for this call, not a network problem, so the node did not repeat it: the same call fails the same way. Check the data of this item; if it keeps failing, the portal's administrator or Bitrix24 support can look into it.`.trim(),
		};
	}
	if (failure.retry === 'transient') {
		return {
			message: `Bitrix24 failed on ${context.method}${failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}`,
			description:
				`${said}${gaveUpNote(context)} The portal had a server error; try again later.`.trim(),
		};
	}
	return {
		message: `Bitrix24 refused ${context.method}${code ? ` (${code})` : ''}`,
		description: `${said} Check the input of this item.`.trim(),
	};
}

/**
 * What went wrong and what to do, in words; the caller redacts. Looked up in order: what came
 * instead of an answer, who is refused (access), the token server's refusal, the error code, and
 * last what Bitrix24's description says.
 */
export function explainFailure(failure: BitrixFailure, context: FailureContext): Explanation {
	const said = failure.description ? ` Bitrix24 said: "${failure.description}".` : '';
	const byProblem = BY_TRANSPORT_PROBLEM.get(failure.transportProblem);
	if (byProblem) return byProblem(failure, context, said);
	const access = explainAccessFailure(failure, {
		method: context.method,
		subject: context.subject ?? 'the record',
		credentialType: context.credentialType,
		rights: context.rights,
	});
	if (access) return access;
	if (failure.transportProblem === 'tokenRefused') {
		return {
			message: `The Bitrix24 token server refused to renew the access token (${failure.code})`,
			description:
				`${said} ${context.method} was not sent. Open the Bitrix24 OAuth2 credential, check its settings and reconnect it.`.trim(),
		};
	}
	const byCode = BY_CODE.get(failure.code);
	return byCode ? byCode(failure, context, said) : explainByDescription(failure, context, said);
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
