import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingRequest } from '../common/bindings';
import { bindingsOutput } from '../common/bindings';
import type { OperationInput } from '../common/operationInput';
import { methodOf, ownerSubject } from '../common/operationInput';
import type { CallResults } from '../common/operationPlan';

/** Set's Report Change, planned for one item. */
export interface PlannedReport {
	/** The read of the bindings before the change; none with Report Change off (the default). */
	calls: BitrixCall[];
	/** The output's `change` entry, from the read before and the read-back after (if any). */
	entry: (results: CallResults, after: unknown) => { change?: IDataObject };
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
function changeReport(
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

/**
 * Set's Report Change for one item. `known` holds the bindings already read before the change
 * (Skip Unchanged reads them first): the report then reuses them instead of reading again.
 */
export function plannedReport(
	input: OperationInput,
	id: number,
	requested: BindingRequest[],
	known?: { before: unknown },
): PlannedReport {
	if (input.read('options.reportChange', false) !== true) return { calls: [], entry: () => ({}) };
	if (known) {
		return {
			calls: [],
			entry: (_results, after) => ({ change: changeReport(input, known.before, requested, after) }),
		};
	}
	// The read before the change goes first in the same request, so the report costs no round trip.
	const readBefore: BitrixCall = {
		method: methodOf(input.family, 'items.get'),
		params: { id },
		subject: ownerSubject(input, id),
	};
	return {
		calls: [readBefore],
		entry: (results, after) => ({
			change: changeReport(input, results.of(readBefore), requested, after),
		}),
	};
}
