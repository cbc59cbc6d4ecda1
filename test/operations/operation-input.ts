/**
 * One item's input to an operation, built the way the router builds it, from parameters as a
 * saved workflow holds them (expressions already resolved). Operations are pure, so their
 * `plan` is called directly, and its output built from results given in call order, with no
 * sandbox and no n8n run.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { bitrix24Node } from '../harness';
import { BINDING_FAMILIES, familyOf } from '../../nodes/Bitrix24/actions/families';
import type { OperationInput } from '../../nodes/Bitrix24/actions/common/operationInput';
import type { OperationPlan } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { callResults } from '../../nodes/Bitrix24/actions/common/operationPlan';

/** A parameter by its dotted path (`options.reportChange`), as n8n's getNodeParameter reads it. */
function valueAt(parameters: IDataObject, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

export function operationInput(
	parameters: IDataObject,
	item: { resource?: string; itemIndex?: number } = {},
): OperationInput {
	const resource = item.resource ?? 'contactCompany';
	const family = familyOf(resource, BINDING_FAMILIES);
	if (!family) throw new Error(`no binding family for resource ${resource}`);
	const node = bitrix24Node({ resource, ...parameters } as INodeParameters);
	const read = (name: string, fallback?: unknown) => valueAt(parameters, name) ?? fallback;
	return {
		family,
		itemIndex: item.itemIndex ?? 0,
		node,
		read,
		returnBindings: read('options.returnBindings', true) !== false,
	};
}

/** What a refused item's error says: its message and the fix in its description. */
export function refusal(attempt: () => unknown): { message: string; description: string } {
	try {
		attempt();
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		return { message, description: description ?? '' };
	}
	throw new Error('the input was accepted');
}

/**
 * The item's output from results in the order of the plan's calls, as the engine answers them;
 * fewer results than calls leave the last calls unrun (a read-back that failed).
 */
export function outputOf(plan: OperationPlan, results: unknown[]): IDataObject[] {
	return plan.output(callResults(plan.calls, results));
}
