import type { BindingOperation, OperationInput } from '../common/operationInput';
import { readChoice } from '../common/operationInput';
import type { OperationPlan } from '../common/operationPlan';
import type { FoundRecords } from './found';
import type { SeveralMatches } from './itemLookups';
import { FoundIds, LookupCollector, withResolved } from './itemLookups';
import type { Lookup } from './lookup';
import { SEVERAL_MATCHES_OPTION } from './option';

/**
 * An item's first plan, with stand-ins for the records it names by a value, and those lookups.
 * With none, the plan is the item's plan as before; with some, the plan only proved the input
 * valid, and the item is planned again once the lookup round has run.
 */
export function firstPlan(
	operation: BindingOperation,
	input: OperationInput,
): { plan: OperationPlan; lookups: Lookup[] } {
	const collector = new LookupCollector();
	const plan = operation.plan({ ...input, lookups: collector });
	return { plan, lookups: collector.lookups };
}

function severalMatchesOf(input: OperationInput): SeveralMatches {
	const where = {
		parameter: `options.${SEVERAL_MATCHES_OPTION}`,
		fallback: 'fail' as const,
		field: 'When Several Records Match',
		fix: 'Choose "Fail the Item" or "Use the Oldest".',
	};
	return readChoice<SeveralMatches>(input, where, ['fail', 'oldest']);
}

/**
 * The item's plan with the IDs the lookup round found, and `resolved` in its output; throws the
 * error of a value that found no record, or several, or whose search failed.
 */
export function foundPlan(
	operation: BindingOperation,
	input: OperationInput,
	found: FoundRecords,
): OperationPlan {
	const ids = new FoundIds(found, input, severalMatchesOf(input));
	const plan = operation.plan({ ...input, lookups: ids });
	return withResolved(plan, ids.resolved);
}
