import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import { bindingsOutput } from './bindings';
import type { OperationInput } from './operationInput';
import { methodOf, ownerSubject } from './operationInput';
import type { CallResults, OperationPlan } from './operationPlan';

/**
 * A change's own part of the item's output, from its results and the raw read-back answer
 * (undefined when Return Bindings After Change is off, or reading back failed).
 */
export type ChangeOutput = (results: CallResults, readBack: unknown) => IDataObject;

/**
 * The plan of an operation that changes bindings. With Return Bindings After Change on, an
 * items.get follows the change in the same request, and the output holds the bindings as they
 * are after it: null when that read failed, since the change was made all the same.
 */
export function withReadBack(
	input: OperationInput,
	id: number,
	changeCalls: BitrixCall[],
	changeOutput: ChangeOutput,
): OperationPlan {
	if (!input.returnBindings) {
		return { calls: changeCalls, output: (results) => [changeOutput(results, undefined)] };
	}
	const readBack: BitrixCall = {
		method: methodOf(input.family, 'items.get'),
		params: { id },
		subject: ownerSubject(input, id),
		readBack: true,
	};
	return {
		calls: [...changeCalls, readBack],
		output: (results) => {
			const after = results.of(readBack);
			const bindings = after === undefined ? null : bindingsOutput(input.family, after);
			return [{ ...changeOutput(results, after), [input.family.bound.plural]: bindings }];
		},
	};
}
