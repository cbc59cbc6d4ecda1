import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import { bindingsOutput } from '../common/bindings';
import { LIST_PAGE_SIZE } from '../entities';
import { ownerLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import { methodOf, ownerId, ownerSubject, readChoice } from '../common/operationInput';
import type { CallResults, OperationPlan } from '../common/operationPlan';

/** The item's output from its bindings: one item per binding, or one holding them all. */
type ItemsOfBindings = (bindings: IDataObject[]) => IDataObject[];

function outputChoice(input: OperationInput): 'perBinding' | 'perOwner' {
	const where = {
		parameter: 'output',
		fallback: 'perBinding' as const,
		field: 'Output',
		fix: 'Choose one of the listed outputs.',
	};
	return readChoice<'perBinding' | 'perOwner'>(input, where, ['perBinding', 'perOwner']);
}

function itemsOfBindings(input: OperationInput, id: number): ItemsOfBindings {
	const { owner, bound } = input.family;
	if (outputChoice(input) === 'perOwner') {
		return (bindings) => [{ [owner.idParameter]: id, [bound.plural]: bindings }];
	}
	return (bindings) => bindings.map((binding) => ({ [owner.idParameter]: id, ...binding }));
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

/** Include Names: the list calls for the bound records' names, and the bindings with them. */
function namesPlan(
	input: OperationInput,
	bindings: IDataObject[],
	itemsOf: ItemsOfBindings,
): OperationPlan | undefined {
	const { bound } = input.family;
	const ids = bindings.map((binding) => Number(binding[bound.idParameter]));
	if (ids.length === 0) return undefined;
	// A list call answers one page, so the names are asked for a page's worth of IDs at a time.
	const pages: BitrixCall[] = [];
	for (let start = 0; start < ids.length; start += LIST_PAGE_SIZE) {
		pages.push({
			method: bound.listMethod,
			// `@ID` is the documented "in the list" filter of crm.*.list.
			params: { filter: { '@ID': ids.slice(start, start + LIST_PAGE_SIZE) }, select: bound.select },
		});
	}
	return {
		calls: pages,
		output: (results) => {
			const pageResults = pages.map((page) => results.of(page));
			const names = namesById(input, pageResults);
			const nameKey = `${bound.label}Name`;
			return itemsOf(
				bindings.map((binding) => ({
					...binding,
					[nameKey]: names.get(Number(binding[bound.idParameter])) ?? null,
				})),
			);
		},
	};
}

export const get: BindingOperation = {
	value: 'get',
	readOnly: true,
	name: 'Get',
	repeatSafe: 'It only reads: items.get, and crm.*.list for the names.',
	action: (family) => `Get the ${family.bound.plural} of a ${family.owner.label}`,
	description: (family) => `Get the ${family.bound.plural} bound to a ${family.owner.label}`,
	properties: (family) => [
		ownerLocator(family, `The ${family.owner.label} whose ${family.bound.plural} to read`),
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
		const itemsOf = itemsOfBindings(input, id);
		const includeNames = input.read('includeNames', false) === true;
		const itemsGet: BitrixCall = {
			method: methodOf(input.family, 'items.get'),
			params: { id },
			subject: ownerSubject(input, id),
		};
		const bindingsIn = (results: CallResults) => bindingsOutput(input.family, results.of(itemsGet));
		return {
			calls: [itemsGet],
			output: (results) => itemsOf(bindingsIn(results)),
			followUp: includeNames
				? (results) => namesPlan(input, bindingsIn(results), itemsOf)
				: undefined,
		};
	},
};
