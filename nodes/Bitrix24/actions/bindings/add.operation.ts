import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingRequest } from '../common/bindings';
import { parsePrimary, parseSort, readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import {
	invalidInput,
	methodOf,
	ownerId,
	readBackCall,
	readIdParameter,
} from '../common/operationInput';
import {
	checkedRecords,
	forSingleRecord,
	recordsInputOf,
	recordsInputProperties,
} from '../common/singleOrList';

/** The one record of the single-record parameters, checked. */
function singleRecord(input: OperationInput): BindingRequest {
	const boundId = readIdParameter(input, input.family.bound.idParameter, input.family.bound);
	const primary = parsePrimary(input.read('isPrimary', false));
	if (!primary.ok)
		throw invalidInput(input, 'Primary', primary.problem, 'Set Primary to true or false.');
	const sort = parseSort(input.read('sort', 0));
	if (!sort.ok)
		throw invalidInput(
			input,
			'Sort',
			sort.problem,
			'Give 0 for the default place, or a positive whole number.',
		);
	return { boundId, isPrimary: primary.value, sort: sort.value };
}

function records(input: OperationInput): BindingRequest[] {
	if (recordsInputOf(input) === 'single') return [singleRecord(input)];
	const { owner, bound } = input.family;
	return checkedRecords(
		input,
		'withPlacement',
		`the ${owner.label} keeps its primary ${bound.label}, and one without any gets the first added as primary`,
	);
}

function addCall(input: OperationInput, id: number, record: BindingRequest): BitrixCall {
	const fields: IDataObject = { [input.family.bound.idField]: record.boundId };
	// Only "Y" means primary to Bitrix24; leaving it out keeps its own rule for the first binding
	// (api-reference/crm/contacts/company/crm-contact-company-add.md: the first is primary by default).
	if (record.isPrimary) fields.IS_PRIMARY = 'Y';
	// Left out, SORT is the highest existing + 10, so records added in a row keep their order.
	if (record.sort !== undefined) fields.SORT = record.sort;
	return {
		method: methodOf(input.family, 'add'),
		params: { id, fields },
		subject: `${input.family.owner.label} ${id}`,
	};
}

export const add: BindingOperation = {
	value: 'add',
	name: 'Add',
	action: (family) => `Add a ${family.bound.label} to a ${family.owner.label}`,
	description: (family) =>
		`Bind one or more ${family.bound.plural} to a ${family.owner.label}, keeping the others`,
	properties: (family) => [
		recordLocator(
			family.owner,
			family.owner.idParameter,
			`The ${family.owner.label} to bind the ${family.bound.plural} to`,
		),
		...recordsInputProperties(family, 'withPlacement', 'bind'),
		...forSingleRecord(family, [
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
		]),
	],
	plan: (input) => {
		const id = ownerId(input);
		return [
			...records(input).map((record) => addCall(input, id, record)),
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const { family } = input;
		const output: IDataObject = { [family.owner.idParameter]: ownerId(input) };
		const list = records(input);
		if (recordsInputOf(input) === 'single') {
			const added = results[0] === true;
			Object.assign(output, {
				[family.bound.idParameter]: list[0].boundId,
				added,
				alreadyBound: !added,
			});
		} else {
			// Bitrix24 answers false for a record already bound (crm-contact-company-add.md, result).
			output.results = list.map((record, index) => ({
				[family.bound.idParameter]: record.boundId,
				added: results[index] === true,
				alreadyBound: results[index] !== true,
			}));
		}
		return [
			input.returnBindings
				? { ...output, [family.bound.plural]: readBackOutput(family, results[list.length]) }
				: output,
		];
	},
};
