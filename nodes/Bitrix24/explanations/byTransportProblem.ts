import { ssrfBlockedTarget } from '../transport/answer';
import type { TransportProblem } from '../transport/failure';
import type { Explain } from './context';
import { gaveUpNote } from './context';

/** A body that is no Bitrix24 answer, or one without the result it owed. */
const notAnAnswer: Explain = (failure, context) => ({
	message: `Bitrix24 sent ${failure.description} to ${context.method}${failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}`,
	description: `The portal or a proxy in front of it is not answering normally.${gaveUpNote(context)} Check that the URL points at a Bitrix24 portal and try again later.`,
});

/** Answers that never were Bitrix24 JSON, by what came instead. */
export const BY_TRANSPORT_PROBLEM = new Map<TransportProblem, Explain>([
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
	['unreadable', notAnAnswer],
	['incomplete', notAnAnswer],
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
