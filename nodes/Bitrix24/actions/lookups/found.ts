import type { BitrixFailure } from '../../transport/failure';
import type { Connection } from '../../transport/connection';
import type { Lookup } from './lookup';
import { KIND_WORDS } from './lookup';
import { matchCode } from './matchCode';

/** What the lookup round found for one value: the records' IDs, oldest first, or why it could not. */
export type Found =
	| {
			ok: true;
			ids: number[];
			/** Bitrix24 answered only part of the matches (20 a value, or a full page of 50). */
			more?: boolean;
	  }
	| { ok: false; failure: BitrixFailure; method: string; gaveUp?: string };

/** The round's findings by lookup key (lookupKey), and where the requests went (for errors). */
export interface FoundRecords {
	byKey: Map<string, Found>;
	connection?: Connection;
}

/** Where and how a lookup was searched, for the error that says it found nothing. */
export function searchedWhere(lookup: Lookup): string {
	const { plural } = lookup.entity;
	switch (lookup.kind) {
		case 'email':
			return `Searched the e-mail addresses of ${plural} with crm.duplicate.findbycomm; case does not matter.`;
		case 'phone':
			return `Searched the phone numbers of ${plural} with crm.duplicate.findbycomm, which compares digits only: this number is ${matchCode('phone', lookup.value)} there, without an extension.`;
		case 'companyName':
			return `Searched the names (TITLE) of ${plural} with crm.company.list for this exact name; case does not matter.`;
		default:
			return `Searched the tax ID fields RQ_INN (TIN) and RQ_VAT_ID (VAT ID) of ${lookup.entity.label} requisites with crm.requisite.list, for this exact value.`;
	}
}

/** "has the e-mail", "is named": for "No contact has the e-mail …". */
export function verbPhrase(lookup: Lookup, plural: boolean): string {
	if (lookup.kind === 'companyName') return plural ? 'are named' : 'is named';
	return `${plural ? 'have' : 'has'} the ${KIND_WORDS[lookup.kind]}`;
}
