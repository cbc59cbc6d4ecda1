import type { IDataObject } from 'n8n-workflow';

import type { BindingFamily } from '../families';
import type { RecordRef } from '../lookups/lookup';
import { describeLookup } from '../lookups/lookup';
import { locatorLookup } from '../lookups/references';
import type { BindingRequest, ListedRecord, Parsed } from './bindings';
import { parseBindingEntry, parseEntryRef, parsePrimary, parseSort } from './bindings';
import type { OperationInput } from './operationInput';
import { idOfLookup, invalidInput } from './operationInput';
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

/** A row's record picker: by ID, list or URL as before, or in a lookup mode (e-mail, name…). */
function parseRowRecord(family: BindingFamily, value: unknown): Parsed<RecordRef> {
	const lookup = locatorLookup(family.bound, value);
	if (lookup) return lookup.ok ? lookup : { ok: false, problem: lookup.problem };
	const id = readRecordId(value, family.bound.urlPath);
	if (!id.ok) return { ok: false, problem: `${family.bound.title} ID: ${id.problem}` };
	return { ok: true, value: id.id };
}

function parseRow(family: BindingFamily, row: IDataObject, use: ListUse): Parsed<ListedRecord> {
	const record = parseRowRecord(family, row[family.bound.idParameter]);
	if (!record.ok) return record;
	if (use === 'idsOnly') return { ok: true, value: { record: record.value, isPrimary: false } };
	const primary = parsePrimary(row.isPrimary);
	if (!primary.ok) return primary;
	const sort = parseSort(row.sort);
	if (!sort.ok) return sort;
	return { ok: true, value: { record: record.value, isPrimary: primary.value, sort: sort.value } };
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

function parseJsonEntry(family: BindingFamily, entry: unknown, use: ListUse): Parsed<ListedRecord> {
	if (use === 'withPlacement') return parseBindingEntry(family, entry);
	// Remove reads only the ID, so the output of Get can be fed to it as it is.
	const record = parseEntryRef(family, entry);
	return record.ok ? { ok: true, value: { record: record.value, isPrimary: false } } : record;
}

function readEntries(
	input: OperationInput,
	use: ListUse,
): Array<{ parsed: Parsed<ListedRecord>; where: string }> {
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
			`${recordWords(family.bound.label, binding)} is listed twice (${earlier} and ${where})`,
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
		const binding = bindingOf(input, parsed.value, `${where} of ${family.bound.pluralTitle}`);
		checkAgainstEarlier(input, binding, where, seen, withoutPrimary);
		bindings.push(binding);
	}
	return bindings;
}

/** The listed record with its ID: as given, or as found by its lookup. */
function bindingOf(input: OperationInput, listed: ListedRecord, where: string): BindingRequest {
	const { record, isPrimary, sort } = listed;
	if (typeof record === 'number') return { boundId: record, isPrimary, sort };
	const boundId = idOfLookup(input, record, where);
	return { boundId, isPrimary, sort, given: describeLookup(record) };
}

/** "company 8", or for a record named by a value "company 8 (the company named "Beta")". */
function recordWords(label: string, binding: BindingRequest): string {
	if (!binding.given) return `${label} ${binding.boundId}`;
	// Before the lookups have run the ID is a stand-in, which would mean nothing to the user.
	return binding.boundId > 0 ? `${label} ${binding.boundId} (${binding.given})` : binding.given;
}
