import type { IDataObject } from 'n8n-workflow';

import type { BindingFamily } from '../families';
import type { RecordRef } from '../lookups/lookup';
import { entryLookup, lookupKeysText } from '../lookups/references';
import { readRecordId } from './recordId';

/** A binding as the node outputs it: camelCase, numbers as numbers, primary as a boolean. */
function bindingOutput(family: BindingFamily, raw: unknown): IDataObject {
	const binding = (raw ?? {}) as IDataObject;
	return {
		[family.bound.idParameter]: Number(binding[family.bound.idField]),
		isPrimary: binding.IS_PRIMARY === 'Y',
		sort: Number(binding.SORT),
		roleId: Number(binding.ROLE_ID ?? 0),
	};
}

export function bindingsOutput(family: BindingFamily, raw: unknown): IDataObject[] {
	return Array.isArray(raw) ? raw.map((entry) => bindingOutput(family, entry)) : [];
}

/** A binding as the user asked for it, validated. */
export interface BindingRequest {
	boundId: number;
	isPrimary: boolean;
	/** Undefined when the user left it to the default. */
	sort?: number;
	/** How the item named the record when not by ID ("the company named "Alpha""), for messages. */
	given?: string;
}

/** A binding as a row or JSON entry gives it: the record by ID or by a value to look up. */
export interface ListedRecord {
	record: RecordRef;
	isPrimary: boolean;
	sort?: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const TRUE_TEXTS = new Set(['y', 'yes', 'true', '1']);
const FALSE_TEXTS = new Set(['n', 'no', 'false', '0', '']);

export function parsePrimary(value: unknown): Parsed<boolean> {
	if (value === undefined || value === null) return { ok: true, value: false };
	if (typeof value === 'boolean') return { ok: true, value };
	if (value === 1 || value === 0) return { ok: true, value: value === 1 };
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (TRUE_TEXTS.has(text)) return { ok: true, value: true };
		if (FALSE_TEXTS.has(text)) return { ok: true, value: false };
	}
	return {
		ok: false,
		problem: `primary must be "Y", "N", true or false, not ${JSON.stringify(value)}`,
	};
}

/** 0 or empty means "let the node number it"; anything else must be a positive whole number. */
export function parseSort(value: unknown): Parsed<number | undefined> {
	if (value === undefined || value === null || value === '' || value === 0 || value === '0') {
		return { ok: true, value: undefined };
	}
	const number =
		typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
	if (
		typeof number !== 'number' ||
		!Number.isInteger(number) ||
		number < 0 ||
		number > 2_147_483_647
	) {
		return {
			ok: false,
			problem: `sort must be a positive whole number, not ${JSON.stringify(value)}`,
		};
	}
	return { ok: true, value: number };
}

function firstDefined(entry: IDataObject, keys: string[]): unknown {
	for (const key of keys) {
		if (entry[key] !== undefined) return entry[key];
	}
	return undefined;
}

/**
 * One binding from a JSON list, lenient about the spellings users will have (Bitrix24's own
 * COMPANY_ID / IS_PRIMARY / SORT, the node's camelCase output, or a bare ID).
 */
export function parseBindingEntry(family: BindingFamily, entry: unknown): Parsed<ListedRecord> {
	const raw = entryObject(family, entry);
	const record = parseEntryRef(family, raw);
	if (!record.ok) return record;
	const primary = parsePrimary(
		firstDefined(raw, ['IS_PRIMARY', 'isPrimary', 'is_primary', 'primary']),
	);
	if (!primary.ok) return primary;
	const sort = parseSort(firstDefined(raw, ['SORT', 'sort']));
	if (!sort.ok) return sort;
	return { ok: true, value: { record: record.value, isPrimary: primary.value, sort: sort.value } };
}

function entryObject(family: BindingFamily, entry: unknown): IDataObject {
	return entry !== null && typeof entry === 'object' && !Array.isArray(entry)
		? (entry as IDataObject)
		: { [family.bound.idField]: entry as string };
}

/**
 * Only the record of a JSON entry (Remove needs no more): its ID under any of the same spellings,
 * or, with no ID, a value that finds it (`{"email": "…"}`, `{"companyName": "…"}`; lookups/).
 */
export function parseEntryRef(family: BindingFamily, entry: unknown): Parsed<RecordRef> {
	const raw = entryObject(family, entry);
	const idKeys = [
		family.bound.idField,
		family.bound.idParameter,
		family.bound.idField.toLowerCase(),
		'id',
		'ID',
	];
	const given = firstDefined(raw, idKeys);
	const lookup = given === undefined ? entryLookup(family.bound, raw) : undefined;
	if (lookup) return lookup;
	const id = readRecordId(given, family.bound.urlPath);
	if (id.ok) return { ok: true, value: id.id };
	const byValue = lookupKeysText(family.bound);
	const orByValue = given === undefined && byValue ? `; or name it by ${byValue}` : '';
	return { ok: false, problem: `${family.bound.label} ID: ${id.problem}${orByValue}` };
}

/**
 * The list as Bitrix24 must get it: only "Y" marks a primary, and every SORT explicit. A binding
 * without a sort goes right after the one above it, so the list keeps the order the user gave.
 */
export function bitrixItems(family: BindingFamily, bindings: BindingRequest[]): IDataObject[] {
	let previousSort = 0;
	return bindings.map((binding) => {
		const sort = binding.sort ?? previousSort + 10;
		previousSort = sort;
		return {
			[family.bound.idField]: binding.boundId,
			IS_PRIMARY: binding.isPrimary ? 'Y' : 'N',
			SORT: sort,
		};
	});
}
