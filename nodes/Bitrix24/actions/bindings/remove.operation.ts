import type { BitrixCall } from '../../engine/types';
import { ownerLocator, recordLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import { methodOf, ownerId, ownerSubject, readIdParameter } from '../common/operationInput';
import { withReadBack } from '../common/readBack';
import {
	checkedRecords,
	forSingleRecord,
	recordsInputOf,
	recordsInputProperties,
	verdictsOutput,
} from '../common/singleOrList';

function boundIds(input: OperationInput, single: boolean): number[] {
	if (single) return [readIdParameter(input, input.family.bound.idParameter, input.family.bound)];
	return checkedRecords(input, 'idsOnly', '').map((record) => record.boundId);
}

function deleteCall(input: OperationInput, id: number, boundId: number): BitrixCall {
	return {
		method: methodOf(input.family, 'delete'),
		params: { id, fields: { [input.family.bound.idField]: boundId } },
		subject: ownerSubject(input, id),
	};
}

export const remove: BindingOperation = {
	value: 'remove',
	name: 'Remove',
	repeatSafe:
		'delete answers false when the record is not bound: a repeat removes nothing more (the output then says it was not bound, which is the state either way).',
	action: (family) => `Remove a ${family.bound.label} from a ${family.owner.label}`,
	description: (family) =>
		`Unbind one or more ${family.bound.plural} from a ${family.owner.label}; if the primary one goes, the next one becomes primary`,
	properties: (family) => [
		ownerLocator(family, `The ${family.owner.label} to unbind the ${family.bound.plural} from`),
		...recordsInputProperties(family, 'idsOnly', 'unbind'),
		...forSingleRecord(family, [
			recordLocator(family.bound, family.bound.idParameter, `The ${family.bound.label} to unbind`),
		]),
	],
	plan: (input) => {
		const id = ownerId(input);
		const single = recordsInputOf(input) === 'single';
		const deletes = boundIds(input, single).map((boundId) => ({
			boundId,
			call: deleteCall(input, id, boundId),
		}));
		const deleteCalls = deletes.map((entry) => entry.call);
		return withReadBack(input, id, deleteCalls, (results) => {
			// Bitrix24 answers false for a record that was not bound (crm-contact-company-delete.md, result).
			const verdicts = deletes.map(({ boundId, call }) => {
				const removed = results.of(call) === true;
				return { [input.family.bound.idParameter]: boundId, removed, wasBound: removed };
			});
			return { [input.family.owner.idParameter]: id, ...verdictsOutput(single, verdicts) };
		});
	},
};
