import type { IDataObject } from 'n8n-workflow';

import { readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { methodOf, ownerId, readBackCall, readIdParameter } from '../common/operationInput';

export const remove: BindingOperation = {
	value: 'remove',
	name: 'Remove',
	action: (family) => `Remove a ${family.bound.label} from a ${family.owner.label}`,
	description: (family) =>
		`Unbind one ${family.bound.label} from a ${family.owner.label}; if it was primary, the next one becomes primary`,
	properties: (family) => [
		recordLocator(family.owner, family.owner.idParameter, `The ${family.owner.label} to unbind the ${family.bound.label} from`),
		recordLocator(family.bound, family.bound.idParameter, `The ${family.bound.label} to unbind`),
	],
	plan: (input) => {
		const id = ownerId(input);
		const boundId = readIdParameter(input, input.family.bound.idParameter, input.family.bound);
		return [
			{
				method: methodOf(input.family, 'delete'),
				params: { id, fields: { [input.family.bound.idField]: boundId } },
				subject: `${input.family.owner.label} ${id}`,
			},
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const removed = results[0] === true;
		const output: IDataObject = {
			[input.family.owner.idParameter]: ownerId(input),
			[input.family.bound.idParameter]: readIdParameter(input, input.family.bound.idParameter, input.family.bound),
			removed,
			wasBound: removed,
		};
		return [input.returnBindings ? { ...output, [input.family.bound.plural]: readBackOutput(input.family, results[1]) } : output];
	},
};
