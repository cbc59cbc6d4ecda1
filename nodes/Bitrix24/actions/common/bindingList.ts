import type { IDataObject } from 'n8n-workflow';

import type { BindingFamily } from '../families';
import type { BindingRequest, Parsed } from './bindings';
import { parseBindingEntry, parseEntryId, parsePrimary, parseSort } from './bindings';
import type { OperationInput } from './operationInput';
import { invalidInput } from './operationInput';
import { readRecordId } from './recordId';

/**
 * The parameter names of a family's list of bound records, shared by Set, Add and Remove:
 * `companiesInput`, `companies` (rows named `company`), `companiesJson`. Saved workflows hold
 * these names, so they never change.
 */
export function listParameterNames(family: BindingFamily) {
	return {
		list: family.bound.plural,
		mode: `${family.bound.plural}Input`,
		json: `${family.bound.plural}Json`,
		row: family.bound.label,
	};
}

/** Set and Add read primary and sort for each record; Remove only the ID. */
export type ListUse = 'withPlacement' | 'idsOnly';

function parseRow(family: BindingFamily, row: IDataObject, use: ListUse): Parsed<BindingRequest> {
	const id = readRecordId(row[family.bound.idParameter], family.bound.urlPath);
	if (!id.ok) return { ok: false, problem: `${family.bound.title} ID: ${id.problem}` };
	if (use === 'idsOnly') return { ok: true, value: { boundId: id.id, isPrimary: false } };
	const primary = parsePrimary(row.isPrimary);
	if (!primary.ok) return primary;
	const sort = parseSort(row.sort);
	if (!sort.ok) return sort;
	return { ok: true, value: { boundId: id.id, isPrimary: primary.value, sort: sort.value } };
}

function jsonExample(family: BindingFamily, use: ListUse): string {
	return use === 'idsOnly'
		? `[{"${family.bound.idField}": 8}, {"${family.bound.idField}": 9}] or [8, 9]`
		: `[{"${family.bound.idField}": 8, "IS_PRIMARY": "Y", "SORT": 100}] or [8, 9]`;
}

function readJsonList(input: OperationInput, use: ListUse): unknown[] {
	const { family } = input;
	const field = `${family.bound.pluralTitle} (JSON)`;
	let raw = input.read(listParameterNames(family).json, '[]');
	if (typeof raw === 'string') {
		try {
			raw = JSON.parse(raw.trim() === '' ? '[]' : raw);
		} catch (error) {
			throw invalidInput(
				input,
				field,
				`the text is not valid JSON (${(error as Error).message})`,
				`Give a JSON list such as ${jsonExample(family, use)}.`,
			);
		}
	}
	if (!Array.isArray(raw)) {
		throw invalidInput(
			input,
			field,
			`expected a list, got ${raw === null ? 'null' : typeof raw}`,
			`Give a JSON list such as ${jsonExample(family, use)}.`,
		);
	}
	return raw;
}

function parseJsonEntry(
	family: BindingFamily,
	entry: unknown,
	use: ListUse,
): Parsed<BindingRequest> {
	if (use === 'withPlacement') return parseBindingEntry(family, entry);
	// Remove reads only the ID, so the output of Get can be fed to it as it is.
	const id = parseEntryId(family, entry);
	return id.ok ? { ok: true, value: { boundId: id.value, isPrimary: false } } : id;
}

function readEntries(
	input: OperationInput,
	use: ListUse,
): Array<{ parsed: Parsed<BindingRequest>; where: string }> {
	const { family } = input;
	const parameter = listParameterNames(family);
	if (input.read(parameter.mode, 'fields') === 'json') {
		return readJsonList(input, use).map((entry, index) => ({
			parsed: parseJsonEntry(family, entry, use),
			where: `entry ${index}`,
		}));
	}
	const collection = (input.read(parameter.list, {}) ?? {}) as IDataObject;
	const rows = Array.isArray(collection[parameter.row])
		? (collection[parameter.row] as IDataObject[])
		: [];
	return rows.map((row, index) => ({
		parsed: parseRow(family, row ?? {}, use),
		where: `row ${index + 1}`,
	}));
}

/** Where each record of the list, and the one marked primary, was found so far. */
interface SeenSoFar {
	at: Map<number, string>;
	primaryAt?: string;
}

/** Refuses a record listed a second time, or a second one marked primary. */
function checkAgainstEarlier(
	input: OperationInput,
	binding: BindingRequest,
	where: string,
	seen: SeenSoFar,
	withoutPrimary: string,
): void {
	const { family } = input;
	const field = family.bound.pluralTitle;
	const earlier = seen.at.get(binding.boundId);
	if (earlier) {
		throw invalidInput(
			input,
			field,
			`${family.bound.label} ${binding.boundId} is listed twice (${earlier} and ${where})`,
			`List each ${family.bound.label} once.`,
		);
	}
	seen.at.set(binding.boundId, where);
	if (!binding.isPrimary) return;
	if (seen.primaryAt) {
		throw invalidInput(
			input,
			field,
			`more than one ${family.bound.label} is marked primary (${seen.primaryAt} and ${where})`,
			`Mark at most one ${family.bound.label} as primary.${withoutPrimary ? ` With none marked, ${withoutPrimary}.` : ''}`,
		);
	}
	seen.primaryAt = where;
}

/**
 * The list the user gave, checked: every entry valid, no record twice, at most one primary.
 * Each refusal names the item, the row or entry, and what to change; `withoutPrimary` says what
 * Bitrix24 does when no record is marked primary.
 */
export function validatedList(
	input: OperationInput,
	use: ListUse,
	withoutPrimary = '',
): BindingRequest[] {
	const { family } = input;
	const bindings: BindingRequest[] = [];
	const seen: SeenSoFar = { at: new Map() };
	for (const { parsed, where } of readEntries(input, use)) {
		if (!parsed.ok) {
			throw invalidInput(
				input,
				family.bound.pluralTitle,
				`${where}: ${parsed.problem}`,
				`Fix ${where} of the ${family.bound.plural} list.`,
			);
		}
		checkAgainstEarlier(input, parsed.value, where, seen, withoutPrimary);
		bindings.push(parsed.value);
	}
	return bindings;
}
