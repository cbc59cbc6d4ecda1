/**
 * The records of the universal CRM methods (crm.item.*), as crm.item.list returns them: field
 * names in camelCase, IDs as numbers (b24restdocs api-reference/crm/universal/crm-item-list.md,
 * "Response Handling"). The binding fields come from the same binding table the binding families
 * change (api-reference/crm/universal/object-fields.md):
 * - a contact's `companyIds` (its companies, by SORT: [server] crm/lib/binding/contactcompany.php,
 *   getContactCompanyIDs) and `companyId`, its primary company (the same file: b_crm_contact.COMPANY_ID
 *   is the company whose binding IS_PRIMARY);
 * - a company's `contactIds` (by contact ID: getCompanyContactIDs), and no primary field;
 * - a deal's, lead's and quote's `contactIds` and `contactId`, its primary contact.
 */
import type { EntityKind, FamilyKey } from '../families';
import type { PortalState } from '../state';

export type ItemRow = Record<string, unknown>;

/** Record types by entityTypeId (api-reference/crm/data-types.md, "object_type"). */
interface ItemType {
	kind: EntityKind;
	family: FamilyKey;
	idsField: 'companyIds' | 'contactIds';
	/** The primary bound record's field; a company has none. */
	primaryField?: 'companyId' | 'contactId';
	/** Fields of the type beyond the binding fields: what select, filter and order accept. */
	fields: string[];
}

const COMMON = ['id', 'assignedById', 'createdTime', 'updatedTime'];

export const ITEM_TYPES: Record<number, ItemType> = {
	1: {
		kind: 'lead',
		family: 'leadContact',
		idsField: 'contactIds',
		primaryField: 'contactId',
		fields: [...COMMON, 'title'],
	},
	2: {
		kind: 'deal',
		family: 'dealContact',
		idsField: 'contactIds',
		primaryField: 'contactId',
		fields: [...COMMON, 'title'],
	},
	3: {
		kind: 'contact',
		family: 'contactCompany',
		idsField: 'companyIds',
		primaryField: 'companyId',
		fields: [...COMMON, 'name', 'lastName'],
	},
	4: {
		kind: 'company',
		family: 'companyContact',
		idsField: 'contactIds',
		fields: [...COMMON, 'title'],
	},
	7: {
		kind: 'quote',
		family: 'quoteContact',
		idsField: 'contactIds',
		primaryField: 'contactId',
		fields: [...COMMON, 'title'],
	},
};

/** Every field a type's rows have, in camelCase. */
export function fieldsOfType(type: ItemType): string[] {
	return [...type.fields, type.idsField, ...(type.primaryField ? [type.primaryField] : [])];
}

function boundIds(state: PortalState, type: ItemType, id: number): number[] {
	const ids = state.getBindings(type.family, id).map((binding) => binding.boundId);
	return type.kind === 'company' ? ids.sort((a, b) => a - b) : ids;
}

function ownFields(state: PortalState, kind: EntityKind, id: number): ItemRow {
	if (kind === 'contact') {
		const contact = state.contacts.get(id);
		return contact
			? { name: contact.NAME, lastName: contact.LAST_NAME || null, ...times(contact) }
			: {};
	}
	const record = state.titled(kind).get(id);
	return record ? { title: record.TITLE, ...times(record) } : {};
}

function times(record: { DATE_CREATE: string; DATE_MODIFY: string }): ItemRow {
	return { createdTime: record.DATE_CREATE, updatedTime: record.DATE_MODIFY };
}

/** One record of the type as crm.item.list shows it with `select: ['*']`. */
export function itemRow(state: PortalState, type: ItemType, id: number): ItemRow {
	const row: ItemRow = { id, assignedById: 1, ...ownFields(state, type.kind, id) };
	row[type.idsField] = boundIds(state, type, id);
	if (type.primaryField) row[type.primaryField] = state.primaryBoundId(type.family, id) ?? 0;
	return row;
}

/** The sorted IDs of a record map, kept while the map holds the same records (bench-sized lists). */
const sortedCache = new WeakMap<
	Map<number, unknown>,
	{ size: number; last: number; ids: number[] }
>();

/** The IDs of the type's records, ascending. */
export function idsOfType(state: PortalState, type: ItemType): number[] {
	const records: Map<number, unknown> =
		type.kind === 'contact' ? state.contacts : state.titled(type.kind);
	let last = 0;
	for (const id of records.keys()) last = id;
	const cached = sortedCache.get(records);
	if (cached && cached.size === records.size && cached.last === last) return cached.ids;
	const ids = [...records.keys()].sort((a, b) => a - b);
	sortedCache.set(records, { size: records.size, last, ids });
	return ids;
}

/** The first index whose ID is above `id` (binary search). */
function indexAbove(ids: number[], id: number): number {
	let [low, high] = [0, ids.length];
	while (low < high) {
		const middle = (low + high) >> 1;
		if (ids[middle] <= id) low = middle + 1;
		else high = middle;
	}
	return low;
}

/**
 * The IDs an `id` condition of the filter leaves (`>id`, `>=id`, `<id`, `<=id`, `@id`, `=id`,
 * `id`), found without building every row; the conditions are still checked row by row after.
 */
export function idsWithin(ids: number[], conditions: Array<[string, unknown[]]>): number[] {
	let [from, to] = [0, ids.length];
	let only: Set<number> | undefined;
	for (const [op, values] of conditions) {
		const value = Number(values[0]);
		if (op === '>') from = Math.max(from, indexAbove(ids, value));
		else if (op === '>=') from = Math.max(from, indexAbove(ids, value - 1));
		else if (op === '<') to = Math.min(to, indexAbove(ids, value - 1));
		else if (op === '<=') to = Math.min(to, indexAbove(ids, value));
		else if (op === '@' || op === '=') only = new Set(values.map(Number));
	}
	const range = ids.slice(from, Math.max(from, to));
	return only ? range.filter((id) => only.has(id)) : range;
}
