import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MAX_BATCH_COMMANDS } from '../../engine/types';
import type { BindingFamily } from '../families';
import type { ListUse } from './bindingList';
import { listParameterNames, validatedList } from './bindingList';
import { listJsonProperty, listModeProperty, listRowsProperty } from './bindingListProperties';
import type { BindingRequest } from './bindings';
import type { OperationInput } from './operationInput';
import { invalidInput, readChoice } from './operationInput';

/**
 * Add and Remove take one record through their first parameters (`companyId`, `isPrimary`,
 * `sort`, which saved workflows hold) or, chosen by `companiesInput`, a list as rows or JSON,
 * the way Set takes it. The default keeps a saved workflow's single record.
 */
type RecordsInput = 'single' | 'fields' | 'json';

const CHOICES: RecordsInput[] = ['single', 'fields', 'json'];

export function recordsInputOf(input: OperationInput): RecordsInput {
	const { bound } = input.family;
	const where = {
		parameter: listParameterNames(input.family).mode,
		fallback: 'single' as const,
		field: `${bound.pluralTitle} Input`,
		fix: `Choose "single" (one ${bound.label} in ${bound.idParameter}), "fields" (rows in ${bound.plural}) or "json" (a list in ${bound.plural}Json).`,
	};
	return readChoice<RecordsInput>(input, where, CHOICES);
}

function recordsInputOptions(family: BindingFamily): INodePropertyOptions[] {
	const { label, plural, title, pluralTitle } = family.bound;
	return [
		{ name: `One ${title}`, value: 'single', description: `Give one ${label} in the field below` },
		{
			name: `Several ${pluralTitle}, Using Fields Below`,
			value: 'fields',
			description: `Give one or more ${plural} as rows`,
		},
		{
			name: `Several ${pluralTitle}, Using JSON`,
			value: 'json',
			description: `Give one or more ${plural} as a JSON list`,
		},
	];
}

/** The mode parameter and the list parameters of Add (use 'withPlacement') or Remove ('idsOnly'). */
export function recordsInputProperties(
	family: BindingFamily,
	use: ListUse,
	verb: 'bind' | 'unbind',
): INodeProperties[] {
	const { label, plural } = family.bound;
	const owner = family.owner.label;
	const each = `Each ${label} is its own ${verb === 'bind' ? 'add' : 'delete'} command in the same batch request, and the output says for each whether it was ${verb === 'bind' ? 'added or already bound' : 'removed or not bound'}.`;
	return [
		listModeProperty(
			family,
			recordsInputOptions(family),
			'single',
			`Whether to ${verb} one ${label} or a list of ${plural} (up to ${MAX_BATCH_COMMANDS - 1} in one item). ${each}`,
		),
		listRowsProperty(family, {
			use,
			description:
				verb === 'bind'
					? `The ${plural} to bind to the ${owner}; the ${owner}'s other ${plural} stay bound`
					: `The ${plural} to unbind from the ${owner}; the others stay bound`,
			rowRecord: `The ${label} to ${verb}`,
			rowPrimary: `Whether it becomes the main ${label}, replacing the current primary one (mark at most one row). Leave off to keep the current primary; a ${owner} without ${plural} gets the first added one as primary.`,
			rowSort: `Position in the list, lowest first. 0 places it after the ${owner}'s existing ${plural}.`,
		}),
		listJsonProperty(
			family,
			'idsOnly',
			use === 'idsOnly'
				? `A list of ${plural} to unbind: plain IDs, or objects with ${family.bound.idField} (or ${family.bound.idParameter}); other keys are ignored, so the output of Get can be given as it is`
				: `A list of ${plural} to bind: plain IDs, or objects with ${family.bound.idField} (or ${family.bound.idParameter}) and optionally IS_PRIMARY ("Y"/"N" or true/false, at most one) and SORT`,
		),
	];
}

/** Shows the single record's parameters only while one record is chosen. */
export function forSingleRecord(
	family: BindingFamily,
	properties: INodeProperties[],
): INodeProperties[] {
	const mode = listParameterNames(family).mode;
	return properties.map((property) => ({
		...property,
		displayOptions: { show: { [mode]: ['single'] } },
	}));
}

/**
 * The list, checked, and small enough that the item's commands fit one batch request (Bitrix24
 * takes at most 50): one per record, plus the read-back.
 */
export function checkedRecords(
	input: OperationInput,
	use: ListUse,
	withoutPrimary: string,
): BindingRequest[] {
	const records = validatedList(input, use, withoutPrimary);
	const room = MAX_BATCH_COMMANDS - (input.returnBindings ? 1 : 0);
	if (records.length > room) {
		throw invalidInput(
			input,
			input.family.bound.pluralTitle,
			`${records.length} ${input.family.bound.plural} are listed, more than the ${room} that fit one Bitrix24 batch request with this item's other calls`,
			`Split the list over several items of at most ${room} ${input.family.bound.plural} each (the item's calls stay in one request).`,
		);
	}
	return records;
}

/** One record's verdict stands in the output itself; a list's go under `results`, in list order. */
export function verdictsOutput(single: boolean, verdicts: IDataObject[]): IDataObject {
	return single ? verdicts[0] : { results: verdicts };
}
