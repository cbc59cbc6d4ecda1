import type { IDataObject } from 'n8n-workflow';

import { readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import { methodOf, ownerId, readBackCall, readIdParameter } from '../common/operationInput';
import {
	checkedRecords,
	forSingleRecord,
	recordsInputOf,
	recordsInputProperties,
} from '../common/singleOrList';

function boundIds(input: OperationInput): number[] {
	if (recordsInputOf(input) === 'single')
		return [readIdParameter(input, input.family.bound.idParameter, input.family.bound)];
	return checkedRecords(input, 'idsOnly', '').map((record) => record.boundId);
}

export const remove: BindingOperation = {
	value: 'remove',
	name: 'Remove',
	action: (family) => `Remove a ${family.bound.label} from a ${family.owner.label}`,
	description: (family) =>
		`Unbind one or more ${family.bound.plural} from a ${family.owner.label}; if the primary one goes, the next one becomes primary`,
	properties: (family) => [
		recordLocator(
			family.owner,
			family.owner.idParameter,
			`The ${family.owner.label} to unbind the ${family.bound.plural} from`,
		),
		...recordsInputProperties(family, 'idsOnly', 'unbind'),
		...forSingleRecord(family, [
			recordLocator(family.bound, family.bound.idParameter, `The ${family.bound.label} to unbind`),
		]),
	],
	plan: (input) => {
		const id = ownerId(input);
		const { family } = input;
		return [
			...boundIds(input).map((boundId) => ({
				method: methodOf(family, 'delete'),
				params: { id, fields: { [family.bound.idField]: boundId } },
				subject: `${family.owner.label} ${id}`,
			})),
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const { family } = input;
		const ids = boundIds(input);
		const output: IDataObject = { [family.owner.idParameter]: ownerId(input) };
		if (recordsInputOf(input) === 'single') {
			const removed = results[0] === true;
			Object.assign(output, { [family.bound.idParameter]: ids[0], removed, wasBound: removed });
		} else {
			// Bitrix24 answers false for a record that was not bound (crm-contact-company-delete.md, result).
			output.results = ids.map((boundId, index) => ({
				[family.bound.idParameter]: boundId,
				removed: results[index] === true,
				wasBound: results[index] === true,
			}));
		}
		return [
			input.returnBindings
				? { ...output, [family.bound.plural]: readBackOutput(family, results[ids.length]) }
				: output,
		];
	},
};
