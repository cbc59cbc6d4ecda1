import type { IDataObject } from 'n8n-workflow';

import type { BindingRequest, Parsed } from '../common/bindings';
import { bitrixItems, parseBindingEntry, parsePrimary, parseSort, readBackOutput } from '../common/bindings';
import { recordLocator } from '../common/locators';
import type { BindingOperation, OperationInput } from '../common/operationInput';
import { invalidInput, methodOf, ownerId, readBackCall } from '../common/operationInput';
import type { BindingFamily } from '../families';
import { readRecordId } from '../common/recordId';

function names(family: BindingFamily) {
	return {
		list: family.bound.plural,
		mode: `${family.bound.plural}Input`,
		json: `${family.bound.plural}Json`,
		row: family.bound.label,
	};
}

function parseRow(family: BindingFamily, row: IDataObject): Parsed<BindingRequest> {
	const id = readRecordId(row[family.bound.idParameter], family.bound.urlPath);
	if (!id.ok) return { ok: false, problem: `${family.bound.title} ID: ${id.problem}` };
	const primary = parsePrimary(row.isPrimary);
	if (!primary.ok) return primary;
	const sort = parseSort(row.sort);
	if (!sort.ok) return sort;
	return { ok: true, value: { boundId: id.id, isPrimary: primary.value, sort: sort.value } };
}

function readEntries(input: OperationInput): Array<{ parsed: Parsed<BindingRequest>; where: string }> {
	const { family } = input;
	const parameter = names(family);
	if (input.read(parameter.mode, 'fields') === 'json') {
		let raw = input.read(parameter.json, '[]');
		if (typeof raw === 'string') {
			try {
				raw = JSON.parse(raw.trim() === '' ? '[]' : raw);
			} catch (error) {
				throw invalidInput(
					input,
					`${family.bound.pluralTitle} (JSON)`,
					`the text is not valid JSON (${(error as Error).message})`,
					`Give a JSON list such as [{"${family.bound.idField}": 8, "IS_PRIMARY": "Y", "SORT": 100}].`,
				);
			}
		}
		if (!Array.isArray(raw)) {
			throw invalidInput(
				input,
				`${family.bound.pluralTitle} (JSON)`,
				`expected a list, got ${raw === null ? 'null' : typeof raw}`,
				`Give a JSON list such as [{"${family.bound.idField}": 8, "IS_PRIMARY": "Y", "SORT": 100}] or [8, 9].`,
			);
		}
		return raw.map((entry, index) => ({ parsed: parseBindingEntry(family, entry), where: `entry ${index}` }));
	}
	const collection = (input.read(parameter.list, {}) ?? {}) as IDataObject;
	const rows = Array.isArray(collection[parameter.row]) ? (collection[parameter.row] as IDataObject[]) : [];
	return rows.map((row, index) => ({ parsed: parseRow(family, row ?? {}), where: `row ${index + 1}` }));
}

function validatedBindings(input: OperationInput): BindingRequest[] {
	const { family } = input;
	const field = family.bound.pluralTitle;
	const bindings: BindingRequest[] = [];
	const seenAt = new Map<number, string>();
	let primaryAt: string | undefined;
	for (const { parsed, where } of readEntries(input)) {
		if (!parsed.ok) {
			throw invalidInput(input, field, `${where}: ${parsed.problem}`, `Fix ${where} of the ${family.bound.plural} list.`);
		}
		const binding = parsed.value;
		const earlier = seenAt.get(binding.boundId);
		if (earlier) {
			throw invalidInput(
				input,
				field,
				`${family.bound.label} ${binding.boundId} is listed twice (${earlier} and ${where})`,
				`List each ${family.bound.label} once.`,
			);
		}
		seenAt.set(binding.boundId, where);
		if (binding.isPrimary) {
			if (primaryAt) {
				throw invalidInput(
					input,
					field,
					`more than one ${family.bound.label} is marked primary (${primaryAt} and ${where})`,
					`Mark at most one ${family.bound.label} as primary; with none marked, Bitrix24 makes the first one primary.`,
				);
			}
			primaryAt = where;
		}
		bindings.push(binding);
	}
	return bindings;
}

export const set: BindingOperation = {
	value: 'set',
	name: 'Set',
	action: (family) => `Replace the ${family.bound.plural} of a ${family.owner.label}`,
	description: (family) =>
		`Replace every ${family.bound.label} bound to a ${family.owner.label} with the given list`,
	properties: (family) => {
		const parameter = names(family);
		return [
			recordLocator(family.owner, family.owner.idParameter, `The ${family.owner.label} whose ${family.bound.plural} to replace`),
			{
				displayName: `${family.bound.pluralTitle} Input`,
				name: parameter.mode,
				type: 'options',
				options: [
					{ name: 'Using Fields Below', value: 'fields' },
					{ name: 'Using JSON', value: 'json' },
				],
				default: 'fields',
				description: `How to give the new list of ${family.bound.plural}`,
			},
			{
				displayName: family.bound.pluralTitle,
				name: parameter.list,
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				placeholder: `Add ${family.bound.title}`,
				default: {},
				description: `The ${family.bound.plural} the ${family.owner.label} will be bound to; any other binding is removed`,
				displayOptions: { show: { [parameter.mode]: ['fields'] } },
				options: [
					{
						displayName: family.bound.title,
						name: parameter.row,
						values: [
							recordLocator(family.bound, family.bound.idParameter, `The ${family.bound.label} to bind`),
							{
								displayName: 'Primary',
								name: 'isPrimary',
								type: 'boolean',
								default: false,
								description: `Whether this is the main ${family.bound.label} of the ${family.owner.label}. With none marked, Bitrix24 makes the first one primary.`,
							},
							{
								displayName: 'Sort',
								name: 'sort',
								type: 'number',
								typeOptions: { minValue: 0 },
								default: 0,
								description: 'Position in the list, lowest first. 0 places it right after the row above (that sort + 10; the first row gets 10).',
							},
						],
					},
				],
			},
			{
				displayName: `${family.bound.pluralTitle} (JSON)`,
				name: parameter.json,
				type: 'json',
				default: `[\n  { "${family.bound.idField}": 8, "IS_PRIMARY": "Y", "SORT": 100 },\n  { "${family.bound.idField}": 9, "SORT": 200 }\n]`,
				description: `A list of ${family.bound.plural}: objects with ${family.bound.idField} (or ${family.bound.idParameter}), IS_PRIMARY ("Y"/"N" or true/false) and SORT, or plain IDs`,
				displayOptions: { show: { [parameter.mode]: ['json'] } },
			},
			{
				displayName: 'Allow Empty List',
				name: 'allowEmptyList',
				type: 'boolean',
				default: false,
				description: `Whether an empty list removes every ${family.bound.label} from the ${family.owner.label}. Off, an empty list is refused so that a missing input cannot wipe the bindings; use Clear to remove them on purpose.`,
			},
		];
	},
	plan: (input) => {
		const id = ownerId(input);
		const bindings = validatedBindings(input);
		const subject = `${input.family.owner.label} ${id}`;
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
			return [{ method: methodOf(input.family, 'items.delete'), params: { id }, subject }, ...readBackCall(input, id)];
		}
		return [
			{
				method: methodOf(input.family, 'items.set'),
				params: { id, items: bitrixItems(input.family, bindings) },
				subject,
			},
			...readBackCall(input, id),
		];
	},
	shape: (input, results) => {
		const output = { [input.family.owner.idParameter]: ownerId(input), updated: results[0] === true };
		return [input.returnBindings ? { ...output, [input.family.bound.plural]: readBackOutput(input.family, results[1]) } : output];
	},
};
