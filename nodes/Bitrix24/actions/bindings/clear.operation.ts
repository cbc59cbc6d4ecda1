import { readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation } from '../common/operationInput';
import { methodOf, ownerId, readBackCall } from '../common/operationInput';

export const clear: BindingOperation = {
	value: 'clear',
	name: 'Clear',
	action: (family) => `Remove all ${family.bound.plural} from a ${family.owner.label}`,
	description: (family) => `Remove every ${family.bound.label} bound to a ${family.owner.label}`,
	properties: (family) => [
		recordLocator(
			family.owner,
			family.owner.idParameter,
			`The ${family.owner.label} whose ${family.bound.plural} to remove`,
		),
	],
	plan: (input) => {
		const id = ownerId(input);
		return [
			{
				method: methodOf(input.family, 'items.delete'),
				params: { id },
				subject: `${input.family.owner.label} ${id}`,
			},
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const output = {
			[input.family.owner.idParameter]: ownerId(input),
			cleared: results[0] === true,
		};
		return [
			input.returnBindings
				? { ...output, [input.family.bound.plural]: readBackOutput(input.family, results[1]) }
				: output,
		];
	},
};
