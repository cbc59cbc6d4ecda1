import type { INodeProperties } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingFamily } from '../families';
import { validatedList } from '../common/bindingList';
import {
	listJsonProperty,
	listModeProperty,
	listRowsProperty,
} from '../common/bindingListProperties';
import type { BindingRequest } from '../common/bindings';
import { bitrixItems } from '../common/bindings';
import { ownerLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import { invalidInput, methodOf, ownerId, ownerSubject } from '../common/operationInput';
import { callResults } from '../common/operationPlan';
import { withReadBack } from '../common/readBack';
import { alreadySet, readFirst, setDiffersListed, skipChoice } from '../common/skipUnchanged';
import { plannedReport } from './setReport';

/** The parameters that give the new list: its mode, the rows and the JSON. */
function newListProperties(family: BindingFamily): INodeProperties[] {
	return [
		listModeProperty(
			family,
			[
				{
					name: 'Using Fields Below',
					value: 'fields',
					description: `Give the ${family.bound.plural} as rows`,
				},
				{
					name: 'Using JSON',
					value: 'json',
					description: `Give the ${family.bound.plural} as a JSON list`,
				},
			],
			'fields',
			`How to give the new list of ${family.bound.plural}`,
		),
		listRowsProperty(family, {
			use: 'withPlacement',
			description: `The ${family.bound.plural} the ${family.owner.label} will be bound to; any other binding is removed`,
			rowRecord: `The ${family.bound.label} to bind`,
			rowPrimary: `Whether this is the main ${family.bound.label} of the ${family.owner.label}. With none marked, Bitrix24 makes the first one primary.`,
			rowSort:
				'Position in the list, lowest first. 0 places it right after the row above (that sort + 10; the first row gets 10).',
		}),
		listJsonProperty(
			family,
			'withPlacement',
			`A list of ${family.bound.plural}: objects with ${family.bound.idField} (or ${family.bound.idParameter}), IS_PRIMARY ("Y"/"N" or true/false) and SORT, or plain IDs`,
		),
	];
}

/** The call that replaces the bindings: items.set, or items.delete for an empty list allowed. */
function replaceCall(input: OperationInput, id: number, requested: BindingRequest[]): BitrixCall {
	const subject = ownerSubject(input, id);
	if (requested.length > 0) {
		return {
			method: methodOf(input.family, 'items.set'),
			params: { id, items: bitrixItems(input.family, requested) },
			subject,
		};
	}
	if (input.read('allowEmptyList', false) !== true) {
		throw invalidInput(
			input,
			input.family.bound.pluralTitle,
			'the list is empty, which would remove every binding',
			`Use the Clear operation to remove all ${input.family.bound.plural} of a ${input.family.owner.label}, or turn on "Allow Empty List".`,
		);
	}
	// Bitrix24 cannot receive an empty `items` list, and clearing is what was asked for.
	return { method: methodOf(input.family, 'items.delete'), params: { id }, subject };
}

/** The results of a plan that sent nothing: an unchanged item's report needs none. */
const NO_RESULTS = callResults([], []);

export const set: BindingOperation = {
	value: 'set',
	name: 'Set',
	reportsChange: true,
	skipsUnchanged: true,
	repeatSafe:
		'items.set replaces the whole set with the same list, and an allowed empty list goes as items.delete, which removes every binding: a repeat leaves the same bindings. The reads before and after only read.',
	action: (family) => `Replace the ${family.bound.plural} of a ${family.owner.label}`,
	description: (family) =>
		`Replace every ${family.bound.label} bound to a ${family.owner.label} with the given list`,
	properties: (family) => [
		ownerLocator(family, `The ${family.owner.label} whose ${family.bound.plural} to replace`),
		...newListProperties(family),
		{
			displayName: 'Allow Empty List',
			name: 'allowEmptyList',
			type: 'boolean',
			default: false,
			description: `Whether an empty list removes every ${family.bound.label} from the ${family.owner.label}. Off, an empty list is refused so that a missing input cannot wipe the bindings; use Clear to remove them on purpose.`,
		},
	],
	plan: (input) => {
		const id = ownerId(input);
		const requested = validatedList(input, 'withPlacement', 'Bitrix24 makes the first one primary');
		const replace = replaceCall(input, id, requested);
		const skip = skipChoice(input, id);
		const replacing = (known?: { before: unknown }) => {
			const report = plannedReport(input, id, requested, known);
			return withReadBack(input, id, [...report.calls, replace], (results, after) => ({
				[input.family.owner.idParameter]: id,
				updated: results.of(replace) === true,
				...skip.entry(false),
				...report.entry(results, after),
			}));
		};
		if (!skip.asked) return replacing();
		return readFirst(input, id, skip, {
			differs: (current) => !alreadySet(input.family, current, requested),
			differsListed: (listed) => setDiffersListed(listed, requested),
			change: (current) => replacing({ before: current }),
			unchanged: (current) => ({
				[input.family.owner.idParameter]: id,
				updated: false,
				...skip.entry(true),
				...plannedReport(input, id, requested, { before: current }).entry(NO_RESULTS, current),
			}),
		});
	},
};
