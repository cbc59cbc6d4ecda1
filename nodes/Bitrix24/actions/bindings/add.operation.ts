import type { IDataObject } from 'n8n-workflow';

import { parsePrimary, parseSort, readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { invalidInput, methodOf, ownerId, readBackCall, readIdParameter } from '../common/operationInput';

export const add: BindingOperation = {
	value: 'add',
	name: 'Add',
	action: (family) => `Add a ${family.bound.label} to a ${family.owner.label}`,
	description: (family) => `Bind one more ${family.bound.label} to a ${family.owner.label}, keeping the others`,
	properties: (family) => [
		recordLocator(family.owner, family.owner.idParameter, `The ${family.owner.label} to bind the ${family.bound.label} to`),
		recordLocator(family.bound, family.bound.idParameter, `The ${family.bound.label} to bind`),
		{
			displayName: 'Primary',
			name: 'isPrimary',
			type: 'boolean',
			default: false,
			description: `Whether it becomes the main ${family.bound.label}, replacing the current primary one. The first ${family.bound.label} of a ${family.owner.label} is always primary.`,
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Position in the list, lowest first. 0 places it after the existing ones.',
		},
	],
	plan: (input) => {
		const id = ownerId(input);
		const boundId = readIdParameter(input, input.family.bound.idParameter, input.family.bound);
		const primary = parsePrimary(input.read('isPrimary', false));
		if (!primary.ok) throw invalidInput(input, 'Primary', primary.problem, 'Set Primary to true or false.');
		const sort = parseSort(input.read('sort', 0));
		if (!sort.ok) throw invalidInput(input, 'Sort', sort.problem, 'Give 0 for the default place, or a positive whole number.');
		const fields: IDataObject = { [input.family.bound.idField]: boundId };
		// Only "Y" means primary to Bitrix24; leaving it out keeps its own rule for the first binding.
		if (primary.value) fields.IS_PRIMARY = 'Y';
		if (sort.value !== undefined) fields.SORT = sort.value;
		return [
			{ method: methodOf(input.family, 'add'), params: { id, fields }, subject: `${input.family.owner.label} ${id}` },
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const added = results[0] === true;
		const output: IDataObject = {
			[input.family.owner.idParameter]: ownerId(input),
			[input.family.bound.idParameter]: readIdParameter(input, input.family.bound.idParameter, input.family.bound),
			added,
			alreadyBound: !added,
		};
		return [input.returnBindings ? { ...output, [input.family.bound.plural]: readBackOutput(input.family, results[1]) } : output];
	},
};
