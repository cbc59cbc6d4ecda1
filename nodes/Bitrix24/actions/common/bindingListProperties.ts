import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { BindingFamily } from '../families';
import type { ListUse } from './bindingList';
import { listParameterNames } from './bindingList';
import { recordLocator } from './locators';

/** The choice of how the records are given: `companiesInput`. */
export function listModeProperty(
	family: BindingFamily,
	choices: INodePropertyOptions[],
	defaultValue: string,
	description: string,
): INodeProperties {
	return {
		displayName: `${family.bound.pluralTitle} Input`,
		name: listParameterNames(family).mode,
		type: 'options',
		options: choices,
		default: defaultValue,
		description,
	};
}

interface ListTexts {
	use: ListUse;
	/** What the list does to the owner's bindings. */
	description: string;
	/** The row's record picker. */
	rowRecord: string;
	/** Only with placement: */
	rowPrimary?: string;
	rowSort?: string;
}

/** A row's primary and sort, for Set and Add; Remove's rows hold the record only. */
function rowPlacementProperties(texts: ListTexts): INodeProperties[] {
	if (texts.use === 'idsOnly') return [];
	return [
		{
			displayName: 'Primary',
			name: 'isPrimary',
			type: 'boolean',
			default: false,
			description: texts.rowPrimary ?? '',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: texts.rowSort ?? '',
		},
	];
}

/** The records as rows: `companies` holding `company` rows (the record, and for Set and Add primary and sort). */
export function listRowsProperty(family: BindingFamily, texts: ListTexts): INodeProperties {
	const parameter = listParameterNames(family);
	return {
		displayName: family.bound.pluralTitle,
		name: parameter.list,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: `Add ${family.bound.title}`,
		default: {},
		description: texts.description,
		displayOptions: { show: { [parameter.mode]: ['fields'] } },
		options: [
			{
				displayName: family.bound.title,
				name: parameter.row,
				values: [
					recordLocator(family.bound, family.bound.idParameter, texts.rowRecord),
					...rowPlacementProperties(texts),
				],
			},
		],
	};
}

/** The records as a JSON list: `companiesJson`; its default shows IDs only or with primary and sort. */
export function listJsonProperty(
	family: BindingFamily,
	example: ListUse,
	description: string,
): INodeProperties {
	const key = family.bound.idField;
	const defaultList =
		example === 'idsOnly'
			? `[\n  { "${key}": 8 },\n  { "${key}": 9 }\n]`
			: `[\n  { "${key}": 8, "IS_PRIMARY": "Y", "SORT": 100 },\n  { "${key}": 9, "SORT": 200 }\n]`;
	return {
		displayName: `${family.bound.pluralTitle} (JSON)`,
		name: listParameterNames(family).json,
		type: 'json',
		default: defaultList,
		description,
		displayOptions: { show: { [listParameterNames(family).mode]: ['json'] } },
	};
}
