import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingOperation } from '../common/operationInput';
import { methodOf } from '../common/operationInput';

/** The field map as Bitrix24 gave it; an empty one for an answer that is not a map. */
function fieldMap(result: unknown): IDataObject {
	return result && typeof result === 'object' && !Array.isArray(result)
		? (result as IDataObject)
		: {};
}

export const getFields: BindingOperation = {
	value: 'getFields',
	readOnly: true,
	name: 'Get Fields',
	repeatSafe: 'It only reads the field map.',
	action: (family) => `Get the fields of a ${family.owner.label}–${family.bound.label} binding`,
	description: (family) =>
		`Describe the fields of a ${family.owner.label}–${family.bound.label} binding`,
	properties: () => [],
	plan: (input) => {
		const fields: BitrixCall = { method: methodOf(input.family, 'fields'), params: {} };
		return { calls: [fields], output: (results) => [fieldMap(results.of(fields))] };
	},
};
