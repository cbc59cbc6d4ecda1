import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import { LIST_PAGE_SIZE } from '../entities';
import type { Lookup } from './lookup';
import { lookupKey } from './lookup';
import { sameText } from './matchCode';

/** What one command found: each lookup's IDs, or that its values must be asked one at a time. */
export type SearchAnswer = Map<string, { ids: number[]; more: boolean }> | 'askAlone';

/** One command of the lookup round and how its result answers the lookups it carries. */
export interface SearchCommand {
	call: BitrixCall;
	lookups: Lookup[];
	read: (result: unknown) => SearchAnswer;
	/** The same search, a command per value: for an answer that was 'askAlone'. */
	split?: () => SearchCommand[];
}

/**
 * crm.duplicate.findbycomm answers at most 20 records a value, oldest first ([server]
 * crm/classes/general/restservice.php `CCrmDuplicateRestProxy`: `$criterion->find($entityTypeID, 20)`
 * over the match codes ordered by ENTITY_ID).
 */
export const FINDBYCOMM_MATCHES_PER_VALUE = 20;

/**
 * One value a command. The method takes up to 20 (b24restdocs
 * api-reference/crm/duplicates/crm-duplicate-find-by-comm.md), but answers the union of the
 * records all of them found, by type (`{"CONTACT": [275, 2297]}`), without saying which value
 * found which: so a command per value is the only way to tell an item its own record.
 */
export function commSearch(lookup: Lookup): SearchCommand {
	const entityType = lookup.entity.label.toUpperCase();
	const type = lookup.kind === 'email' ? 'EMAIL' : 'PHONE';
	return {
		call: {
			method: 'crm.duplicate.findbycomm',
			params: { entity_type: entityType, type, values: [lookup.value] },
		},
		lookups: [lookup],
		read: (result) => {
			// Nothing found is an empty array, PHP's empty `$entityByType` ([server] same place).
			const listed = (result as IDataObject | undefined)?.[entityType];
			const ids = uniqueAscending(Array.isArray(listed) ? listed : []);
			const more = ids.length >= FINDBYCOMM_MATCHES_PER_VALUE;
			return new Map([[lookupKey(lookup), { ids, more }]]);
		},
	};
}

/** A list method that finds records by a text field: company titles, or requisites' tax IDs. */
export interface ListSearch {
	method: string;
	field: string;
	/** Conditions every row must meet besides the value (requisites: of companies). */
	filter: IDataObject;
	/** The field holding the found record's ID. */
	idField: string;
}

/**
 * Values in one list command: half a page, so that a page of 50 holds every match even when some
 * values name two or three records. A full page, or a row that does not tell which value it
 * answers, makes the command's values be asked again one by one.
 */
export const VALUES_PER_LIST = LIST_PAGE_SIZE / 2;

export function listCommand(search: ListSearch, lookups: Lookup[]): SearchCommand {
	return {
		call: {
			method: search.method,
			// `@FIELD` is the documented IN filter of crm.*.list (crm-company-list.md, crm-requisite-list.md).
			params: {
				filter: { ...search.filter, [`@${search.field}`]: lookups.map((lookup) => lookup.value) },
				select: [search.idField, search.field],
				order: { ID: 'ASC' },
			},
		},
		lookups,
		read: (result) => readRows(search, lookups, Array.isArray(result) ? result : []),
		split: () => lookups.map((lookup) => listCommand(search, [lookup])),
	};
}

function readRows(search: ListSearch, lookups: Lookup[], rows: IDataObject[]): SearchAnswer {
	const alone = lookups.length === 1;
	const full = rows.length >= LIST_PAGE_SIZE;
	if (full && !alone) return 'askAlone';
	const idsByKey = new Map<string, unknown[]>(lookups.map((lookup) => [lookupKey(lookup), []]));
	for (const row of rows) {
		// One value asked: every row the portal answered is its match, however it compares text.
		const answers = alone
			? lookups
			: lookups.filter((lookup) => sameText(String(row[search.field] ?? ''), lookup.value));
		if (answers.length !== 1) return 'askAlone';
		idsByKey.get(lookupKey(answers[0]))?.push(row[search.idField]);
	}
	const answer: SearchAnswer = new Map();
	for (const [key, ids] of idsByKey) answer.set(key, { ids: uniqueAscending(ids), more: full });
	return answer;
}

export function uniqueAscending(values: unknown[]): number[] {
	const ids = values.map(Number).filter((id) => Number.isInteger(id) && id > 0);
	return [...new Set(ids)].sort((a, b) => a - b);
}
