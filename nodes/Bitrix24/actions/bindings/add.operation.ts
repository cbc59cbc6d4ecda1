import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingRequest } from '../common/bindings';
import { parsePrimary, parseSort } from '../common/bindings';
import { ownerLocator, recordLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import {
	invalidInput,
	methodOf,
	ownerId,
	ownerSubject,
	readIdParameter,
} from '../common/operationInput';
import { withReadBack } from '../common/readBack';
import {
	checkedRecords,
	forSingleRecord,
	recordsInputOf,
	recordsInputProperties,
	verdictsOutput,
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

/** The records given as rows or JSON, checked. */
function listedRecords(input: OperationInput): BindingRequest[] {
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
		subject: ownerSubject(input, id),
	};
}

export const add: BindingOperation = {
	value: 'add',
	name: 'Add',
	repeatSafe:
		'add answers false when the record is already bound: a repeat does not bind it twice (the output then says "already bound", which is the state either way).',
	action: (family) => `Add a ${family.bound.label} to a ${family.owner.label}`,
	description: (family) =>
		`Bind one or more ${family.bound.plural} to a ${family.owner.label}, keeping the others`,
	properties: (family) => [
		ownerLocator(family, `The ${family.owner.label} to bind the ${family.bound.plural} to`),
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
		const single = recordsInputOf(input) === 'single';
		const adds = (single ? [singleRecord(input)] : listedRecords(input)).map((record) => ({
			boundId: record.boundId,
			call: addCall(input, id, record),
		}));
		const addCalls = adds.map((entry) => entry.call);
		return withReadBack(input, id, addCalls, (results) => {
			// Bitrix24 answers false for a record already bound (crm-contact-company-add.md, result).
			const verdicts = adds.map(({ boundId, call }) => {
				const added = results.of(call) === true;
				return { [input.family.bound.idParameter]: boundId, added, alreadyBound: !added };
			});
			return { [input.family.owner.idParameter]: id, ...verdictsOutput(single, verdicts) };
		});
	},
};
