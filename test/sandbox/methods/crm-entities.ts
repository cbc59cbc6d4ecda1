/**
 * crm.{contact,company,deal,lead,quote}.add|get|list: enough of the CRM to create demo data and
 * to search for records. Values come back as strings, as the classic crm.* methods return them;
 * list pages hold 50 rows with `total` and `next` (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse, IRestService::LIST_LIMIT).
 */
import { errors } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import type { EntityKind, FamilyKey } from '../families';
import type { PortalState } from '../state';
import type { Params } from '../types';
import { type MethodDef, intval, param } from './context';

const PAGE_SIZE = 50;

type Row = Record<string, string | null>;

function contactRow(state: PortalState, id: number): Row {
	const c = state.contacts.get(id);
	if (!c) throw errors.notFound();
	const companyId = state.primaryBoundId('contactCompany', id);
	return {
		ID: String(c.ID),
		NAME: c.NAME,
		LAST_NAME: c.LAST_NAME,
		COMPANY_ID: companyId === null ? null : String(companyId),
		ASSIGNED_BY_ID: '1',
		DATE_CREATE: c.DATE_CREATE,
		DATE_MODIFY: c.DATE_MODIFY,
	};
}

type TitledKind = Exclude<EntityKind, 'contact'>;

/** The family whose primary binding a titled record shows as its CONTACT_ID field, as deals, leads and quotes do. */
const CONTACT_FIELD_FAMILY: Partial<Record<TitledKind, FamilyKey>> = {
	deal: 'dealContact',
	lead: 'leadContact',
	quote: 'quoteContact',
};

function titledRow(state: PortalState, kind: TitledKind, id: number): Row {
	const r = state.titled(kind).get(id);
	if (!r) throw errors.notFound();
	const row: Row = { ID: String(r.ID), TITLE: r.TITLE };
	const family = CONTACT_FIELD_FAMILY[kind];
	if (family) {
		const contactId = state.primaryBoundId(family, id);
		row.CONTACT_ID = contactId === null ? null : String(contactId);
	}
	return { ...row, ASSIGNED_BY_ID: '1', DATE_CREATE: r.DATE_CREATE, DATE_MODIFY: r.DATE_MODIFY };
}

const asText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * One filter condition in the classic CRM syntax: `%FIELD` is a case-insensitive substring match,
 * `=FIELD` or a bare `FIELD` an equality (case-insensitive, like the portal's MySQL collation),
 * `!FIELD` its negation, `@FIELD` / `!@FIELD` "in" / "not in", `>`, `>=`, `<`, `<=` numeric
 * comparisons. A list value means "any of": `filter[ID][]=7&filter[ID][]=8` or `{"ID":[7,8]}`.
 */
function matchesCondition(row: Row, rawKey: string, expected: unknown): boolean {
	const m = /^(%|=|!=|!@|!|@|>=|<=|>|<)?(.+)$/.exec(rawKey);
	if (!m) return true;
	const op = m[1] ?? '=';
	const field = m[2].toUpperCase();
	if (!(field in row)) return true;
	const actual = asText(row[field]).toLowerCase();
	const wanted = (isPhpArray(expected) ? phpArrayValues(expected) : [expected]).map((v) =>
		asText(v).toLowerCase(),
	);
	const any = (test: (w: string) => boolean) => wanted.some(test);
	switch (op) {
		case '%':
			return any((w) => actual.includes(w));
		case '=':
		case '@':
			return any((w) => actual === w);
		case '!':
		case '!=':
		case '!@':
			return !any((w) => actual === w);
		case '>':
			return any((w) => Number(actual) > Number(w));
		case '>=':
			return any((w) => Number(actual) >= Number(w));
		case '<':
			return any((w) => Number(actual) < Number(w));
		default:
			return any((w) => Number(actual) <= Number(w));
	}
}

function compareRows(order: Array<[string, number]>) {
	return (a: Row, b: Row): number => {
		for (const [field, dir] of order) {
			const x = a[field] ?? '';
			const y = b[field] ?? '';
			const bothNumeric = /^-?\d+$/.test(x) && /^-?\d+$/.test(y);
			const c = bothNumeric ? Number(x) - Number(y) : x.localeCompare(y);
			if (c !== 0) return c * dir;
		}
		return 0;
	};
}

/** One page of `rows` under the classic list parameters; crm.requisite.list takes the same (lookups.ts). */
export function list(rows: Row[], params: Params) {
	const filter = param(params, 'filter');
	let selected = rows;
	if (isPhpArray(filter) && !Array.isArray(filter)) {
		selected = rows.filter((row) =>
			Object.entries(filter).every(([k, v]) => matchesCondition(row, k, v)),
		);
	}
	const orderParam = param(params, 'order');
	const order: Array<[string, number]> =
		isPhpArray(orderParam) && !Array.isArray(orderParam)
			? Object.entries(orderParam).map(([k, v]) => [
					k.toUpperCase(),
					asText(v).toUpperCase() === 'DESC' ? -1 : 1,
				])
			: [];
	order.push(['ID', 1]);
	selected = [...selected].sort(compareRows(order));

	const selectParam = param(params, 'select');
	const fields = isPhpArray(selectParam)
		? phpArrayValues(selectParam).map((f) => asText(f).toUpperCase())
		: [];
	const project = (row: Row): Row =>
		fields.length === 0 || fields.includes('*')
			? row
			: Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]]));

	const start = Math.max(0, intval(param(params, 'start')));
	const page = selected.slice(start, start + PAGE_SIZE).map(project);
	const next = start + PAGE_SIZE < selected.length ? start + PAGE_SIZE : undefined;
	return { result: page, total: selected.length, next };
}

function fieldsOf(params: Params): Record<string, unknown> {
	const fields = param(params, 'fields');
	if (!isPhpArray(fields) || Array.isArray(fields)) throw errors.fieldsNotArray();
	return fields;
}

function existingId(params: Params): number {
	const id = intval(param(params, 'id'));
	if (id <= 0) throw errors.idInvalid();
	return id;
}

function contactMethods(): Record<string, MethodDef> {
	return {
		'crm.contact.add': {
			scope: 'crm',
			handler: (params, { state }) => {
				const fields = fieldsOf(params);
				const contact = state.addContact({
					NAME: asText(fields.NAME),
					LAST_NAME: asText(fields.LAST_NAME),
				});
				const companyId = intval(fields.COMPANY_ID);
				if (companyId > 0) state.addBinding('contactCompany', contact.ID, { boundId: companyId });
				return { result: contact.ID };
			},
		},
		'crm.contact.get': {
			scope: 'crm',
			handler: (params, { state }) => ({ result: contactRow(state, existingId(params)) }),
		},
		'crm.contact.list': {
			scope: 'crm',
			handler: (params, { state }) =>
				list(
					[...state.contacts.keys()].map((id) => contactRow(state, id)),
					params,
				),
		},
	};
}

/** add (TITLE, and CONTACT_ID where the record has one), get and list of a titled record type. */
function titledMethods(kind: TitledKind): Record<string, MethodDef> {
	return {
		[`crm.${kind}.add`]: {
			scope: 'crm',
			handler: (params, { state }) => {
				const fields = fieldsOf(params);
				const record = state.addTitled(kind, { TITLE: asText(fields.TITLE) });
				const family = CONTACT_FIELD_FAMILY[kind];
				const contactId = intval(fields.CONTACT_ID);
				if (family && contactId > 0) state.addBinding(family, record.ID, { boundId: contactId });
				return { result: record.ID };
			},
		},
		[`crm.${kind}.get`]: {
			scope: 'crm',
			handler: (params, { state }) => ({ result: titledRow(state, kind, existingId(params)) }),
		},
		[`crm.${kind}.list`]: {
			scope: 'crm',
			handler: (params, { state }) =>
				list(
					[...state.titled(kind).keys()].map((id) => titledRow(state, kind, id)),
					params,
				),
		},
	};
}

export const crmEntityMethods: Record<string, MethodDef> = {
	...contactMethods(),
	...titledMethods('company'),
	...titledMethods('deal'),
	...titledMethods('lead'),
	...titledMethods('quote'),
};
