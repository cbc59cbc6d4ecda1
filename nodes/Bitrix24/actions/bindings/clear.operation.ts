import type { BitrixCall } from '../../engine/types';
import { ownerLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { methodOf, ownerId, ownerSubject } from '../common/operationInput';
import { withReadBack } from '../common/readBack';

export const clear: BindingOperation = {
	value: 'clear',
	name: 'Clear',
	repeatSafe: 'items.delete removes every binding: a repeat removes nothing more.',
	action: (family) => `Remove all ${family.bound.plural} from a ${family.owner.label}`,
	description: (family) => `Remove every ${family.bound.label} bound to a ${family.owner.label}`,
	properties: (family) => [
		ownerLocator(family, `The ${family.owner.label} whose ${family.bound.plural} to remove`),
	],
	plan: (input) => {
		const id = ownerId(input);
		const clearCall: BitrixCall = {
			method: methodOf(input.family, 'items.delete'),
			params: { id },
			subject: ownerSubject(input, id),
		};
		return withReadBack(input, id, [clearCall], (results) => ({
			[input.family.owner.idParameter]: id,
			cleared: results.of(clearCall) === true,
		}));
	},
};
