import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import { LIST_PAGE_SIZE } from '../entities';
import type { ListRead } from '../families';

/** One owner's bindings as crm.item.list shows them: no SORT or role, only which and the primary. */
export interface ListedBindings {
	/** The bound IDs, each once, in the order the list gave them. */
	ids: number[];
	/** The primary bound record's ID, 0 when none is bound; undefined where the type shows none. */
	primary?: number;
	/** Whether `ids` come in SORT order (ListRead.boundIdsBySort). */
	bySort: boolean;
}

/** The fields to select: the ID, the bound IDs and, where the type has one, the primary. */
export function listReadSelect(source: ListRead): string[] {
	const { boundIdsField, primaryField } = source;
	return primaryField ? ['id', boundIdsField, primaryField] : ['id', boundIdsField];
}

/** crm.item.list answers `{ items: [...] }` (api-reference/crm/universal/crm-item-list.md). */
export function listedItems(result: unknown): IDataObject[] {
	const items = (result as IDataObject | undefined)?.items;
	return Array.isArray(items) ? (items as IDataObject[]) : [];
}

const positiveIds = (value: unknown): number[] =>
	(Array.isArray(value) ? value : []).map(Number).filter((id) => Number.isInteger(id) && id > 0);

/** A listed record's bindings (one row of crm.item.list's `items`). */
export function listedBindingsOf(source: ListRead, item: IDataObject): ListedBindings {
	const ids = [...new Set(positiveIds(item[source.boundIdsField]))];
	const bySort = source.boundIdsBySort === true;
	if (!source.primaryField) return { ids, bySort };
	const primary = Number(item[source.primaryField]) || 0;
	return { ids, primary: ids.includes(primary) ? primary : 0, bySort };
}

/**
 * The bindings of up to 50 given owners in one command: `@id` is crm.item.list's "in the list"
 * filter, and 50 is its page (crm-item-list.md, `filter` and `start`); `start = -1` skips counting
 * the total (settings/performance/huge-data.md).
 */
export function listReadCall(source: ListRead, ownerIds: number[]): BitrixCall {
	if (ownerIds.length > LIST_PAGE_SIZE) throw new Error('one list read takes at most 50 owners');
	return {
		method: 'crm.item.list',
		params: {
			entityTypeId: source.entityTypeId,
			select: listReadSelect(source),
			filter: { '@id': ownerIds },
			order: { id: 'ASC' },
			start: -1,
		},
	};
}
