import type { IDataObject } from 'n8n-workflow';

import type { EntityInfo } from '../entities';
import type { Lookup, LookupKind } from './lookup';
import { KIND_WORDS, lookupKindsOf } from './lookup';
import { phoneMatchCode } from './matchCode';

type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The keys a JSON entry may name a record by, as users will write them, compared without case and
 * punctuation (`email`, `E-Mail`, `e_mail`). `name`/`title` and the tax fields' own names
 * (`RQ_INN`, `RQ_VAT_ID`) are the spellings of Bitrix24's exports and of spreadsheets.
 */
const ENTRY_KEYS: Record<LookupKind, string[]> = {
	email: ['email'],
	phone: ['phone', 'phonenumber'],
	companyName: ['companyname', 'name', 'title'],
	taxId: ['taxid', 'inn', 'rqinn', 'vatid', 'rqvatid', 'tin'],
};

const bare = (key: string) => key.toLowerCase().replace(/[^a-z]/g, '');

/** What the user may write for a record type: `"companyName" or "taxId"`. */
export function lookupKeysText(entity: EntityInfo): string {
	return lookupKindsOf(entity)
		.map((kind) => `"${kind}"`)
		.join(' or ');
}

function problemOf(kind: LookupKind, value: string): string | undefined {
	if (value === '') return `the ${KIND_WORDS[kind]} is empty`;
	if (kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value))
		return `"${value}" is not an e-mail address`;
	if (kind === 'phone' && !/\d/.test(phoneMatchCode(value)))
		return `"${value}" has no digits, so it is not a phone number`;
	return undefined;
}

/** A lookup of `kind` for `entity`, checked: a non-empty text, an e-mail with @, a phone with digits. */
export function checkedLookup(entity: EntityInfo, kind: LookupKind, raw: unknown): Reading<Lookup> {
	if (!lookupKindsOf(entity).includes(kind)) {
		return { ok: false, problem: `a ${entity.label} cannot be found by ${KIND_WORDS[kind]}` };
	}
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		return { ok: false, problem: `the ${KIND_WORDS[kind]} must be text, not ${typeof raw}` };
	}
	const value = String(raw).trim();
	const problem = problemOf(kind, value);
	return problem ? { ok: false, problem } : { ok: true, value: { kind, entity, value } };
}

const ALL_KINDS = Object.keys(ENTRY_KEYS) as LookupKind[];

/**
 * A record picker's value in one of the lookup modes (`{mode: 'email', value: '…'}`); undefined
 * for the ID, list and URL modes and for plain values, which are read as IDs as before.
 */
export function locatorLookup(entity: EntityInfo, value: unknown): Reading<Lookup> | undefined {
	if (!value || typeof value !== 'object' || !('__rl' in value)) return undefined;
	const { mode, value: given } = value as { mode?: unknown; value?: unknown };
	const kind = ALL_KINDS.find((candidate) => candidate === mode);
	return kind && checkedLookup(entity, kind, given);
}

/**
 * A JSON entry that names its record by a value instead of an ID; undefined when it has no such
 * key. Callers look for an ID first, so an entry with both (Get's output, with names) keeps its ID.
 */
export function entryLookup(entity: EntityInfo, entry: IDataObject): Reading<Lookup> | undefined {
	const found = Object.keys(entry).flatMap((key) => {
		const kind = ALL_KINDS.find((candidate) => ENTRY_KEYS[candidate].includes(bare(key)));
		return kind && entry[key] !== undefined && entry[key] !== null ? [{ key, kind }] : [];
	});
	if (found.length === 0) return undefined;
	if (found.length > 1) {
		const keys = found.map(({ key }) => `"${key}"`).join(' and ');
		return { ok: false, problem: `${keys} both name the ${entity.label}: give one of them` };
	}
	return checkedLookup(entity, found[0].kind, entry[found[0].key]);
}
