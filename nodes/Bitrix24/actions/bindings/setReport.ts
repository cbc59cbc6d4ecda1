import type { IDataObject } from 'n8n-workflow';

import type { BindingRequest } from '../common/bindings';
import { bindingsOutput } from '../common/bindings';
import type { OperationInput } from '../common/operationInput';

/** Whether Set reads the bindings before the change to report what changed (off by default). */
export function reportsChange(input: OperationInput): boolean {
	return input.read('options.reportChange', false) === true;
}

function primaryOf(input: OperationInput, bindings: IDataObject[]): number | null {
	const primary = bindings.find((binding) => binding.isPrimary === true);
	return primary ? Number(primary[input.family.bound.idParameter]) : null;
}

/**
 * The primary Bitrix24 gives the new list: the one marked, or with none marked the first of the
 * list (api-reference/crm/contacts/company/crm-contact-company-items-set.md, IS_PRIMARY).
 */
function requestedPrimary(requested: BindingRequest[]): number | null {
	return (requested.find((binding) => binding.isPrimary) ?? requested[0])?.boundId ?? null;
}

/**
 * What a Set changed: the records added, removed and kept (IDs, in list order), and the primary
 * before and after. `after` is the read-back when there is one; without it (read-back off, or it
 * failed after the change was made) the primary after is the one Bitrix24's rule gives the list.
 */
export function changeReport(
	input: OperationInput,
	before: unknown,
	requested: BindingRequest[],
	after: unknown,
): IDataObject {
	const idKey = input.family.bound.idParameter;
	const beforeBindings = bindingsOutput(input.family, before);
	const beforeIds = beforeBindings.map((binding) => Number(binding[idKey]));
	const requestedIds = requested.map((binding) => binding.boundId);
	return {
		added: requestedIds.filter((id) => !beforeIds.includes(id)),
		removed: beforeIds.filter((id) => !requestedIds.includes(id)),
		kept: requestedIds.filter((id) => beforeIds.includes(id)),
		primaryBefore: primaryOf(input, beforeBindings),
		primaryAfter:
			after === undefined
				? requestedPrimary(requested)
				: primaryOf(input, bindingsOutput(input.family, after)),
	};
}
