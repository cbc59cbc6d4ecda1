import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Explanation } from './accessExplanations';
import { explainAccessFailure } from './accessExplanations';
import { ssrfBlockedTarget } from './answer';
import type { BitrixFailure } from './failure';
import { redact } from './redact';

interface FailureContext {
	method: string;
	/** What the call was about, e.g. "contact 54", so messages can name it. */
	subject?: string;
	itemIndex?: number;
	secrets: readonly string[];
	/** Why the engine stopped retrying, when it did. */
	gaveUp?: string;
	/** The credential type in use, so a message can say what to change in it. */
	credentialType?: string;
	/** The CRM rights the call needs, in words, for the hint when Bitrix24 denies access. */
	rights?: string;
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What went wrong and what to do, in words; the caller redacts. */
export function explainFailure(failure: BitrixFailure, context: FailureContext): Explanation {
	const { code, description } = failure;
	const subject = context.subject ?? 'the record';
	const said = description ? ` Bitrix24 said: "${description}".` : '';

	if (failure.transportProblem === 'timeout') {
		return {
			message: `Bitrix24 did not answer ${context.method} in time`,
			description: `The request timed out.${context.gaveUp ? ` ${context.gaveUp}` : ''} Bitrix24 may still have made a change it was asked for; running the item again is safe. Check that the portal is reachable, or raise the Timeout option.`,
		};
	}
	if (failure.transportProblem === 'connection') {
		return {
			message: `The connection to Bitrix24 failed during ${context.method}`,
			description: `The connection was refused or dropped (${description}).${context.gaveUp ? ` ${context.gaveUp}` : ''} Check the portal address and your network, then run the workflow again.`,
		};
	}
	if (failure.transportProblem === 'unreadable') {
		return {
			message: `Bitrix24 sent ${description} to ${context.method}${failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}`,
			description: `The portal or a proxy in front of it is not answering normally.${context.gaveUp ? ` ${context.gaveUp}` : ''} Check that the URL points at a Bitrix24 portal and try again later.`,
		};
	}
	const blockedTarget = failure.transportProblem === 'other' ? ssrfBlockedTarget(description) : undefined;
	if (blockedTarget) {
		return {
			message: `n8n's SSRF protection blocked the request to ${blockedTarget}`,
			description: `This n8n runs with N8N_SSRF_PROTECTION_ENABLED, which blocks private and local addresses, such as a self-hosted Bitrix24 on an office network; nothing was sent. If the portal is yours, ask your n8n administrator to add its host name to N8N_SSRF_ALLOWED_HOSTNAMES (for a portal addressed by IP, its address to N8N_SSRF_ALLOWED_IP_RANGES) and restart n8n.`,
		};
	}
	if (failure.transportProblem === 'redirect') {
		return {
			message: `Bitrix24 redirected ${context.method} elsewhere (HTTP ${failure.httpStatus ?? 302})`,
			description: `Bitrix24 answered with ${description}. Open the portal in a browser to see where it is now, and update the address in the credential.`,
		};
	}
	if (failure.transportProblem === 'other') {
		return {
			message: `The request for ${context.method} could not be sent`,
			// n8n's own messages end with a full stop already.
			description: `${description.replace(/\.+$/, '')}. Check the credential: for OAuth2, reconnect it if the message says so.`,
		};
	}

	const access = explainAccessFailure(failure, { method: context.method, subject, credentialType: context.credentialType, rights: context.rights });
	if (access) return access;
	if (failure.transportProblem === 'tokenRefused') {
		return {
			message: `The Bitrix24 token server refused to renew the access token (${code})`,
			description: `${said} ${context.method} was not sent. Open the Bitrix24 OAuth2 credential, check its settings and reconnect it.`.trim(),
		};
	}

	switch (code) {
		case 'ERROR_METHOD_NOT_FOUND':
			return {
				message: `Bitrix24 does not know the method ${context.method}`,
				description: `${said} The portal may run an old version, or the CRM module is off. Check that the credential points at a Bitrix24 portal with CRM.`.trim(),
			};
		case 'QUERY_LIMIT_EXCEEDED':
			return {
				message: "Bitrix24's request limit was still exceeded",
				description: `Bitrix24 kept refusing requests with QUERY_LIMIT_EXCEEDED.${context.gaveUp ? ` ${context.gaveUp}` : ''} Other integrations may share the portal's limit. Run fewer workflows at once, choose the right plan limits in the credential, or raise Max Wait for Limits (0 waits as long as it takes).`,
			};
		case 'OPERATION_TIME_LIMIT':
			return {
				message: `Bitrix24 has blocked ${context.method} for a while (operating-time limit)`,
				description: `The method used up its execution-time budget on the portal (on cloud portals 480 s in any 10 minutes, per webhook or application).${context.gaveUp ? ` ${context.gaveUp}` : ''} Other methods keep working. Run the failed items again after then (what was done stays done), or raise Max Wait for Limits (0 waits as long as it takes).`,
			};
		case 'OVERLOAD_LIMIT':
			return {
				message: 'Bitrix24 has blocked the REST API of this portal for overload',
				description: `${said} This block is manual; contact Bitrix24 support.`.trim(),
			};
		case 'ERROR_BATCH_LENGTH_EXCEEDED':
		case 'ERROR_BATCH_METHOD_NOT_ALLOWED':
			return {
				message: `Bitrix24 refused ${context.method} inside a batch`,
				description: `${said} Turn off the Batching option and run again.`.trim(),
			};
	}

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
			description: `${said} This is an error inside the portal for this call, not a network problem, so the node did not repeat it: the same call fails the same way. Check the data of this item; if it keeps failing, the portal's administrator or Bitrix24 support can look into it.`.trim(),
		};
	}
	if (failure.retry === 'transient') {
		return {
			message: `Bitrix24 failed on ${context.method}${failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}`,
			description: `${said}${context.gaveUp ? ` ${context.gaveUp}` : ''} The portal had a server error; try again later.`.trim(),
		};
	}
	return {
		message: `Bitrix24 refused ${context.method}${code ? ` (${code})` : ''}`,
		description: `${said} Check the input of this item.`.trim(),
	};
}

/**
 * Builds the error from a fresh object, never from the raw HTTP error, which carries the request
 * URL and headers, and so the webhook secret or the access token.
 */
export function failureToNodeApiError(node: INode, failure: BitrixFailure, context: FailureContext): NodeApiError {
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
