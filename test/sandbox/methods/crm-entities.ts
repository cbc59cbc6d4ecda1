/**
 * crm.contact.add|get|list and crm.company.add|get|list: enough of the CRM to create demo data and
 * to search for contacts and companies. Values come back as strings, as the classic crm.* methods
 * return them; list pages hold 50 rows with `total` and `next` (research §7, IRestService::LIST_LIMIT).
 */
import { errors } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import type { PortalState } from '../state';
import type { Params } from '../types';
import { type MethodDef, intval, param } from './context';

const PAGE_SIZE = 50;

type Row = Record<string, string | null>;

function contactRow(state: PortalState, id: number): Row {
	const c = state.contacts.get(id);
	if (!c) throw errors.notFound();
	const companyId = state.primaryCompanyId(id);
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

function companyRow(state: PortalState, id: number): Row {
	const c = state.companies.get(id);
	if (!c) throw errors.notFound();
	return { ID: String(c.ID), TITLE: c.TITLE, ASSIGNED_BY_ID: '1', DATE_CREATE: c.DATE_CREATE, DATE_MODIFY: c.DATE_MODIFY };
}

const asText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * One filter condition in the classic CRM syntax: `%FIELD` is a case-insensitive substring match,
 * `=FIELD` or a bare `FIELD` an equality (case-insensitive, like the portal's MySQL collation),
 * `!FIELD` its negation, `>`, `>=`, `<`, `<=` numeric comparisons. A list value means "any of".
 */
function matchesCondition(row: Row, rawKey: string, expected: unknown): boolean {
	const m = /^(%|=|!=|!|>=|<=|>|<)?(.+)$/.exec(rawKey);
	if (!m) return true;
	const op = m[1] ?? '=';
	const field = m[2].toUpperCase();
	if (!(field in row)) return true;
	const actual = asText(row[field]).toLowerCase();
	const wanted = (isPhpArray(expected) ? phpArrayValues(expected) : [expected]).map((v) => asText(v).toLowerCase());
	const any = (test: (w: string) => boolean) => wanted.some(test);
	switch (op) {
		case '%':
			return any((w) => actual.includes(w));
		case '=':
			return any((w) => actual === w);
		case '!':
		case '!=':
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

function list(rows: Row[], params: Params) {
	const filter = param(params, 'filter');
	let selected = rows;
	if (isPhpArray(filter) && !Array.isArray(filter)) {
		selected = rows.filter((row) => Object.entries(filter).every(([k, v]) => matchesCondition(row, k, v)));
	}
	const orderParam = param(params, 'order');
	const order: Array<[string, number]> =
		isPhpArray(orderParam) && !Array.isArray(orderParam)
			? Object.entries(orderParam).map(([k, v]) => [k.toUpperCase(), asText(v).toUpperCase() === 'DESC' ? -1 : 1])
			: [];
	order.push(['ID', 1]);
	selected = [...selected].sort(compareRows(order));

	const selectParam = param(params, 'select');
	const fields = isPhpArray(selectParam) ? phpArrayValues(selectParam).map((f) => asText(f).toUpperCase()) : [];
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

export const crmEntityMethods: Record<string, MethodDef> = {
	'crm.contact.add': {
		scope: 'crm',
		handler: (params, { state }) => {
			const fields = fieldsOf(params);
			const contact = state.addContact({ NAME: asText(fields.NAME), LAST_NAME: asText(fields.LAST_NAME) });
			const companyId = intval(fields.COMPANY_ID);
			if (companyId > 0) state.addBinding(contact.ID, { COMPANY_ID: companyId });
			return { result: contact.ID };
		},
	},
	'crm.contact.get': {
		scope: 'crm',
		handler: (params, { state }) => ({ result: contactRow(state, existingId(params)) }),
	},
	'crm.contact.list': {
		scope: 'crm',
		handler: (params, { state }) => list([...state.contacts.keys()].map((id) => contactRow(state, id)), params),
	},
	'crm.company.add': {
		scope: 'crm',
		handler: (params, { state }) => {
			const fields = fieldsOf(params);
			return { result: state.addCompany({ TITLE: asText(fields.TITLE) }).ID };
		},
	},
	'crm.company.get': {
		scope: 'crm',
		handler: (params, { state }) => ({ result: companyRow(state, existingId(params)) }),
	},
	'crm.company.list': {
		scope: 'crm',
		handler: (params, { state }) => list([...state.companies.keys()].map((id) => companyRow(state, id)), params),
	},
};
