import type { Explain } from './context';
import { gaveUpNote } from './context';

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
