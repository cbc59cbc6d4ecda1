import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import { validatedList } from '../common/bindingList';
import {
	listJsonProperty,
	listModeProperty,
	listRowsProperty,
} from '../common/bindingListProperties';
import { bitrixItems, readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { invalidInput, methodOf, ownerId, readBackCall } from '../common/operationInput';
import { changeReport, reportsChange } from './setReport';

export const set: BindingOperation = {
	value: 'set',
	name: 'Set',
	action: (family) => `Replace the ${family.bound.plural} of a ${family.owner.label}`,
	description: (family) =>
		`Replace every ${family.bound.label} bound to a ${family.owner.label} with the given list`,
	properties: (family) => [
		recordLocator(
			family.owner,
			family.owner.idParameter,
			`The ${family.owner.label} whose ${family.bound.plural} to replace`,
		),
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
		const bindings = validatedList(input, 'withPlacement', 'Bitrix24 makes the first one primary');
		const subject = `${input.family.owner.label} ${id}`;
		// The read before the change goes first in the same request, so the report costs no round trip.
		const readBefore: BitrixCall[] = reportsChange(input)
			? [{ method: methodOf(input.family, 'items.get'), params: { id }, subject }]
			: [];
		if (bindings.length === 0) {
			if (input.read('allowEmptyList', false) !== true) {
				throw invalidInput(
					input,
					input.family.bound.pluralTitle,
					'the list is empty, which would remove every binding',
					`Use the Clear operation to remove all ${input.family.bound.plural} of a ${input.family.owner.label}, or turn on "Allow Empty List".`,
				);
			}
			// Bitrix24 cannot receive an empty `items` list, and clearing is what was asked for.
			return [
				...readBefore,
				{ method: methodOf(input.family, 'items.delete'), params: { id }, subject },
				...readBackCall(input, id),
			];
		}
		return [
			...readBefore,
			{
				method: methodOf(input.family, 'items.set'),
				params: { id, items: bitrixItems(input.family, bindings) },
				subject,
			},
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const reporting = reportsChange(input);
		const [before, changed, after] = reporting ? results : [undefined, ...results];
		const output: IDataObject = {
			[input.family.owner.idParameter]: ownerId(input),
			updated: changed === true,
		};
		if (reporting) {
			output.change = changeReport(
				input,
				before,
				validatedList(input, 'withPlacement'),
				input.returnBindings ? after : undefined,
			);
		}
		return [
			input.returnBindings
				? { ...output, [input.family.bound.plural]: readBackOutput(input.family, after) }
				: output,
		];
	},
};
