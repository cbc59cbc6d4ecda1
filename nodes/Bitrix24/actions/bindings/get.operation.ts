import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import { bindingsOutput } from '../common/bindings';
import { LIST_PAGE_SIZE } from '../entities';
import { recordLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import { invalidInput, methodOf, ownerId } from '../common/operationInput';

function boundIds(input: OperationInput, itemsGetResult: unknown): number[] {
	return bindingsOutput(input.family, itemsGetResult).map((binding) =>
		Number(binding[input.family.bound.idParameter]),
	);
}

function namesById(input: OperationInput, listResults: unknown[]): Map<number, string> {
	const names = new Map<number, string>();
	for (const page of listResults) {
		for (const record of Array.isArray(page) ? (page as IDataObject[]) : []) {
			names.set(Number(record.ID), input.family.bound.nameOf(record));
		}
	}
	return names;
}

export const get: BindingOperation = {
	value: 'get',
	readOnly: true,
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
			description: `Whether to output one item per bound ${family.bound.label}, or one item per ${family.owner.label} with the list`,
		},
		{
			displayName: 'Include Names',
			name: 'includeNames',
			type: 'boolean',
			default: false,
			description: `Whether to add each ${family.bound.label}'s name to its binding, fetched in batched requests`,
		},
	],
	plan: (input) => {
		const id = ownerId(input);
		const output = input.read('output', 'perBinding');
		if (output !== 'perBinding' && output !== 'perOwner') {
			throw invalidInput(
				input,
				'Output',
				`"${String(output)}" is not a known choice`,
				'Choose one of the listed outputs.',
			);
		}
		return [
			{
				method: methodOf(input.family, 'items.get'),
				params: { id },
				subject: `${input.family.owner.label} ${id}`,
			},
		];
	},
	followUp: (input, [itemsGetResult]) => {
		if (input.read('includeNames', false) !== true) return [];
		const ids = boundIds(input, itemsGetResult);
		// A list call answers one page, so the names are asked for a page's worth of IDs at a time.
		const calls: BitrixCall[] = [];
		for (let start = 0; start < ids.length; start += LIST_PAGE_SIZE) {
			calls.push({
				method: input.family.bound.listMethod,
				// `@ID` is the documented "in the list" filter of crm.*.list.
				params: {
					filter: { '@ID': ids.slice(start, start + LIST_PAGE_SIZE) },
					select: input.family.bound.select,
				},
			});
		}
		return calls;
	},
	shape: (input, [itemsGetResult, ...listResults]) => {
		const id = ownerId(input);
		const { family } = input;
		let bindings = bindingsOutput(family, itemsGetResult);
		if (input.read('includeNames', false) === true) {
			const names = namesById(input, listResults);
			const nameKey = `${family.bound.label}Name`;
			bindings = bindings.map((binding) => ({
				...binding,
				[nameKey]: names.get(Number(binding[family.bound.idParameter])) ?? null,
			}));
		}
		if (input.read('output', 'perBinding') === 'perOwner') {
			return [{ [family.owner.idParameter]: id, [family.bound.plural]: bindings }];
		}
		return bindings.map((binding): IDataObject => ({ [family.owner.idParameter]: id, ...binding }));
	},
};
