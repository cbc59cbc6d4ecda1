import type { HeldBack } from '../transport/failure';
import type { Explain } from './context';
import { BY_CODE } from './byCode';

function formatUtc(epochMs: number): string {
	return new Date(epochMs)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, ' UTC');
}

/** When the limit would have let the call through, against the bound the execution has. */
function heldNote(held: HeldBack): string {
	const bound = `later than this execution may wait for limits (Max Wait for Limits is ${held.boundMinutes} min)`;
	return held.limit === 'operating'
		? `${held.method ?? 'The method'} has room again at about ${formatUtc(held.until)}, ${bound}.`
		: `The portal's request limit would let the next request through at about ${formatUtc(held.until)}, ${bound}.`;
}

/**
 * A call the node held back rather than wait past Max Wait for Limits: worded as the limit's own
 * refusal would be, with when it would have gone through. Nothing was sent for it.
 */
export const explainHeldBack: Explain = (failure, context, said) => {
	const held = failure.heldBack as HeldBack;
	const sameAs = BY_CODE.get(
		held.limit === 'operating' ? 'OPERATION_TIME_LIMIT' : 'QUERY_LIMIT_EXCEEDED',
	);
	return (sameAs as Explain)(failure, { ...context, gaveUp: heldNote(held) }, said);
};
