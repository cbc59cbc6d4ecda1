import type { EntityInfo } from '../entities';
import { matchCode } from './matchCode';

/**
 * The ways a record can be named besides its ID. Each is also the record picker's mode and the
 * key of a JSON entry (`{"email": "…"}`), so the one word means the same everywhere.
 */
export type LookupKind = 'email' | 'phone' | 'companyName' | 'taxId';

/** A record named by one of its values, to be found before the item's own calls. */
export interface Lookup {
	kind: LookupKind;
	entity: EntityInfo;
	/** As the user gave it, trimmed: what is sent, and what the output and errors show. */
	value: string;
}

/** A record as an item names it: its ID, or a value that finds it. */
export type RecordRef = number | Lookup;

/**
 * Which ways name which records: contacts and leads by their e-mail or phone (Bitrix24's duplicate
 * search covers both, b24restdocs api-reference/crm/duplicates/crm-duplicate-find-by-comm.md),
 * companies by their exact name or the tax ID on their requisites. Deals and quotes have no
 * reliable key besides the ID: a title is free text, often the same for many.
 */
const KINDS_BY_RECORD: Record<string, LookupKind[]> = {
	contact: ['email', 'phone'],
	lead: ['email', 'phone'],
	company: ['companyName', 'taxId'],
};

export function lookupKindsOf(entity: EntityInfo): LookupKind[] {
	return KINDS_BY_RECORD[entity.label] ?? [];
}

/** How each way reads in messages: "e-mail", "tax ID". */
export const KIND_WORDS: Record<LookupKind, string> = {
	email: 'e-mail',
	phone: 'phone',
	companyName: 'name',
	taxId: 'tax ID',
};

/**
 * One key per set of records a lookup finds: the record type, the way, and the value as Bitrix24
 * compares it. Lookups with the same key are sent once and share the answer.
 */
export function lookupKey(lookup: Lookup): string {
	return `${lookup.entity.label}|${lookup.kind}|${matchCode(lookup.kind, lookup.value)}`;
}

/** "the contact with e-mail "ann@example.com"", for messages. */
export function describeLookup(lookup: Lookup): string {
	const article = lookup.kind === 'companyName' ? 'named' : `with ${KIND_WORDS[lookup.kind]}`;
	return `the ${lookup.entity.label} ${article} "${lookup.value}"`;
}

/** The output's key for the ID a lookup found: the record type's ID parameter (`contactId`). */
export function idKeyOf(lookup: Lookup): string {
	return `${lookup.entity.label}Id`;
}

/**
 * Finds the ID each lookup names. The router gives operations one while they plan: the first
 * time it notes the lookups and answers stand-ins, the second time it answers the IDs found.
 */
export interface LookupIds {
	/** The ID of the record the lookup names; `where` says where the item gave it, for errors. */
	idOf(lookup: Lookup, where: string): number;
}
