import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { ListRead } from '../families';
import type { ListedBindings } from './listedBindings';

/** The results of one item's calls, looked up by the call itself (the object the plan made). */
export interface CallResults {
	/** Undefined when the call did not run (a read-back that failed after the change was made). */
	of(call: BitrixCall): unknown;
}

/** One item's calls, and how their results become the item's output. */
export interface OperationPlan {
	calls: BitrixCall[];
	/** Builds the item's output JSON from the results, using what plan() already checked. */
	output: (results: CallResults) => IDataObject[];
	/**
	 * A second round whose calls need the first round's results (Get's Include Names); undefined
	 * when none is needed. Its own output replaces this one's.
	 */
	followUp?: (results: CallResults) => OperationPlan | undefined;
	/**
	 * A cheaper way to the same output where the owner's bindings can be read with many others'
	 * in one command (Skip Unchanged's read, crm.item.list). The router reads every such item's
	 * owner in one round before their calls; `plan` gives the plan that replaces this one, or
	 * undefined when the list cannot decide, and this plan runs as it is.
	 */
	bulkRead?: BulkRead;
}

export interface BulkRead {
	source: ListRead;
	ownerId: number;
	plan: (listed: ListedBindings) => OperationPlan | undefined;
}

/**
 * The engine answers an item's results in the order of its calls. This is the one place that
 * order is read: everything after it looks a result up by the call that asked for it.
 */
export function callResults(
	calls: readonly BitrixCall[],
	results: readonly unknown[],
): CallResults {
	// Past the end of `results` are the calls that did not run: they answer undefined.
	const resultOf = new Map(calls.map((call, index) => [call, results[index]]));
	return {
		of: (call) => {
			// A call the plan never made means a copy was looked up instead of the planned object,
			// which would otherwise read as "did not run" and quietly give null bindings.
			if (!resultOf.has(call)) throw new Error(`${call.method} is not a call of this plan`);
			return resultOf.get(call);
		},
	};
}
