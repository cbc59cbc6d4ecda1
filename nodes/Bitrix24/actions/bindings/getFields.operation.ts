import type { IDataObject } from 'n8n-workflow';

import type { BindingOperation } from '../common/operationInput';
import { methodOf } from '../common/operationInput';

export const getFields: BindingOperation = {
	value: 'getFields',
	readOnly: true,
	name: 'Get Fields',
	action: (family) => `Get the fields of a ${family.owner.label}–${family.bound.label} binding`,
	description: (family) =>
		`Describe the fields of a ${family.owner.label}–${family.bound.label} binding`,
	properties: () => [],
	plan: (input) => [{ method: methodOf(input.family, 'fields'), params: {} }],
	shape: (_input, [result]) => [
		result && typeof result === 'object' && !Array.isArray(result) ? (result as IDataObject) : {},
	],
};
