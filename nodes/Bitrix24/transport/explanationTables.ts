import type { Explanation } from './accessExplanations';
import { ssrfBlockedTarget } from './answer';
import type { BitrixFailure } from './failure';

/**
 * The words for failures that one key decides: what came instead of a Bitrix24 answer, or
 * Bitrix24's error code. errors.ts looks them up in its order and words everything else.
 */

export interface FailureContext {
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

/** Words for one kind of failure; `said` quotes Bitrix24's own description, or is empty. */
export type Explain = (
	failure: BitrixFailure,
	context: FailureContext,
	said: string,
) => Explanation;

export const gaveUpNote = (context: FailureContext) => (context.gaveUp ? ` ${context.gaveUp}` : '');

/** Answers that never were Bitrix24 JSON, by what came instead. */
export const BY_TRANSPORT_PROBLEM = new Map<BitrixFailure['transportProblem'], Explain>([
	[
		'timeout',
		(_failure, context) => ({
			message: `Bitrix24 did not answer ${context.method} in time`,
			description: `The request timed out.${gaveUpNote(context)} Bitrix24 may still have made a change it was asked for; running the item again is safe. Check that the portal is reachable, or raise the Timeout option.`,
		}),
	],
	[
		'connection',
		(failure, context) => ({
			message: `The connection to Bitrix24 failed during ${context.method}`,
			description: `The connection was refused or dropped (${failure.description}).${gaveUpNote(context)} Check the portal address and your network, then run the workflow again.`,
		}),
	],
	[
		'unreadable',
		(failure, context) => ({
			message: `Bitrix24 sent ${failure.description} to ${context.method}${failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}`,
			description: `The portal or a proxy in front of it is not answering normally.${gaveUpNote(context)} Check that the URL points at a Bitrix24 portal and try again later.`,
		}),
	],
	[
		'redirect',
		(failure, context) => ({
			message: `Bitrix24 redirected ${context.method} elsewhere (HTTP ${failure.httpStatus ?? 302})`,
			description: `Bitrix24 answered with ${failure.description}. Open the portal in a browser to see where it is now, and update the address in the credential.`,
		}),
	],
	[
		'other',
		(failure, context) => {
			const blockedTarget = ssrfBlockedTarget(failure.description);
			if (blockedTarget) {
				return {
					message: `n8n's SSRF protection blocked the request to ${blockedTarget}`,
					description: `This n8n runs with N8N_SSRF_PROTECTION_ENABLED, which blocks private and local addresses, such as a self-hosted Bitrix24 on an office network; nothing was sent. If the portal is yours, ask your n8n administrator to add its host name to N8N_SSRF_ALLOWED_HOSTNAMES (for a portal addressed by IP, its address to N8N_SSRF_ALLOWED_IP_RANGES) and restart n8n.`,
				};
			}
			return {
				message: `The request for ${context.method} could not be sent`,
				// n8n's own messages end with a full stop already.
				description: `${failure.description.replace(/\.+$/, '')}. Check the credential: for OAuth2, reconnect it if the message says so.`,
			};
		},
	],
]);

const refusedInBatch: Explain = (_failure, context, said) => ({
	message: `Bitrix24 refused ${context.method} inside a batch`,
	description: `${said} Turn off the Batching option and run again.`.trim(),
});

/** Bitrix24's error codes that say the same whatever the call was. */
export const BY_CODE = new Map<string, Explain>([
	[
		'ERROR_METHOD_NOT_FOUND',
		(_failure, context, said) => ({
			message: `Bitrix24 does not know the method ${context.method}`,
			description:
				`${said} The portal may run an old version, or the CRM module is off. Check that the credential points at a Bitrix24 portal with CRM.`.trim(),
		}),
	],
	[
		'QUERY_LIMIT_EXCEEDED',
		(_failure, context) => ({
			message: "Bitrix24's request limit was still exceeded",
			description: `Bitrix24 kept refusing requests with QUERY_LIMIT_EXCEEDED.${gaveUpNote(context)} Other integrations may share the portal's limit. Run fewer workflows at once, choose the right plan limits in the credential, or raise Max Wait for Limits (0 waits as long as it takes).`,
		}),
	],
	[
		'OPERATION_TIME_LIMIT',
		(_failure, context) => ({
			message: `Bitrix24 has blocked ${context.method} for a while (operating-time limit)`,
			description: `The method used up its execution-time budget on the portal (on cloud portals 480 s in any 10 minutes, per webhook or application).${gaveUpNote(context)} Other methods keep working. Run the failed items again after then (what was done stays done), or raise Max Wait for Limits (0 waits as long as it takes).`,
		}),
	],
	[
		'OVERLOAD_LIMIT',
		(_failure, _context, said) => ({
			message: 'Bitrix24 has blocked the REST API of this portal for overload',
			description: `${said} This block is manual; contact Bitrix24 support.`.trim(),
		}),
	],
	['ERROR_BATCH_LENGTH_EXCEEDED', refusedInBatch],
	['ERROR_BATCH_METHOD_NOT_ALLOWED', refusedInBatch],
]);
