import type { BitrixCall } from '../../engine/types';
import { ownerLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { methodOf, ownerId, ownerSubject } from '../common/operationInput';
import { withReadBack } from '../common/readBack';
import { readFirst, skipChoice } from '../common/skipUnchanged';

export const clear: BindingOperation = {
	value: 'clear',
	name: 'Clear',
	skipsUnchanged: true,
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
		const skip = skipChoice(input, id);
		const clearing = () =>
			withReadBack(input, id, [clearCall], (results) => ({
				[input.family.owner.idParameter]: id,
				cleared: results.of(clearCall) === true,
				...skip.entry(false),
			}));
		if (!skip.asked) return clearing();
		// Nothing bound: Bitrix24 would answer items.delete all the same, for operating time spent.
		const hasBindings = (current: unknown) => Array.isArray(current) && current.length > 0;
		return readFirst(input, id, skip, {
			differs: hasBindings,
			differsListed: (listed) => listed.ids.length > 0,
			change: clearing,
			unchanged: () => ({
				[input.family.owner.idParameter]: id,
				cleared: false,
				...skip.entry(true),
			}),
		});
	},
};
