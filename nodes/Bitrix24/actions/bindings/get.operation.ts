import type { IDataObject } from 'n8n-workflow';

import { bindingsOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { invalidInput, methodOf, ownerId } from '../common/operationInput';

export const get: BindingOperation = {
	value: 'get',
	name: 'Get',
	action: (family) => `Get the ${family.bound.plural} of a ${family.owner.label}`,
	description: (family) => `Get the ${family.bound.plural} bound to a ${family.owner.label}`,
	properties: (family) => [
		recordLocator(
			family.owner,
			family.owner.idParameter,
			`The ${family.owner.label} whose ${family.bound.plural} to read`,
		),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'One Item per Binding',
					value: 'perBinding',
					description: `Each bound ${family.bound.label} becomes its own item; a ${family.owner.label} without ${family.bound.plural} gives no item`,
				},
				{
					name: 'All Bindings in One Item',
					value: 'perOwner',
					description: `One item holding the ${family.owner.label} ID and the list of its ${family.bound.plural}`,
				},
			],
			default: 'perBinding',
		},
	],
	plan: (input) => {
		const id = ownerId(input);
		const output = input.read('output', 'perBinding');
		if (output !== 'perBinding' && output !== 'perOwner') {
			throw invalidInput(input, 'Output', `"${String(output)}" is not a known choice`, 'Choose one of the listed outputs.');
		}
		return [
			{
				method: methodOf(input.family, 'items.get'),
				params: { id },
				subject: `${input.family.owner.label} ${id}`,
			},
		];
	},
	shape: (input, [result]) => {
		const id = ownerId(input);
		const bindings = bindingsOutput(input.family, result);
		if (input.read('output', 'perBinding') === 'perOwner') {
			return [{ [input.family.owner.idParameter]: id, [input.family.bound.plural]: bindings }];
		}
		return bindings.map((binding): IDataObject => ({ [input.family.owner.idParameter]: id, ...binding }));
	},
};
