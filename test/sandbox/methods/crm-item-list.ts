/**
 * crm.item.list (b24restdocs api-reference/crm/universal/crm-item-list.md; [server]
 * crm/lib/controller/item.php listAction, crm/lib/controller/validator/filter.php): the records of
 * one type by `entityTypeId`, with
 * - `select`: the camelCase fields to return, or `*`; a name the type lacks is dropped;
 * - `filter`: camelCase fields, each optionally prefixed by an operator (`>=`, `>`, `<=`, `<`,
 *   `@`, `!@`, `%`, `!%`, `=`, `!=`, `!`); a field the type lacks is refused with 400
 *   INVALID_ARG_VALUE "Invalid filter: field 'KEY' is not allowed in filter", the key as the
 *   server sees it after turning camelCase into upper case (convertFieldNamesToUpper);
 * - `order`: camelCase fields, `ASC` or `DESC`, else 400 INVALID_ARG_VALUE;
 * - `start`: 50 records a page; `start = -1` skips counting the total, which then answers 0 and no
 *   `next` (settings/performance/huge-data.md, its example answer; [server] rest/lib/engine/
 *   restmanager.php DONT_CALCULATE_COUNT).
 * The answer is `{ items: [...] }` with `total` and `next` at the top of the envelope.
 */
import { RestError } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import type { Params } from '../types';
import { type MethodDef, intval, param } from './context';
import {
	ITEM_TYPES,
	type ItemRow,
	fieldsOfType,
	idsOfType,
	idsWithin,
	itemRow,
} from './crm-item-rows';

const PAGE_SIZE = 50;

const invalidArg = (description: string) => new RestError(400, 'INVALID_ARG_VALUE', description);

/** `assignedById` → `ASSIGNED_BY_ID`, as the controller's convertFieldNamesToUpper does. */
const toUpper = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

const OPERATOR = /^(!%=|!=%|!><|><|>=|<=|!@|!=|!%|=%|%=|[=%><@!])?(.+)$/;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function same(actual: unknown, wanted: unknown): boolean {
	if (Array.isArray(actual)) return actual.some((entry) => same(entry, wanted));
	const [a, w] = [text(actual), text(wanted)];
	return /^-?\d+$/.test(a) && /^-?\d+$/.test(w)
		? Number(a) === Number(w)
		: a.toLowerCase() === w.toLowerCase();
}

function compare(op: string, actual: unknown, wanted: unknown[]): boolean {
	const any = (test: (w: unknown) => boolean) => wanted.some(test);
	const number = Number(text(actual));
	switch (op) {
		case '>':
			return any((w) => number > Number(w));
		case '>=':
			return any((w) => number >= Number(w));
		case '<':
			return any((w) => number < Number(w));
		case '<=':
			return any((w) => number <= Number(w));
		case '%':
			return any((w) => text(actual).toLowerCase().includes(text(w).toLowerCase()));
		case '!%':
			return !any((w) => text(actual).toLowerCase().includes(text(w).toLowerCase()));
		case '!':
		case '!=':
		case '!@':
			return !any((w) => same(actual, w));
		default:
			return any((w) => same(actual, w));
	}
}

interface Condition {
	op: string;
	field: string;
	wanted: unknown[];
}

/** The conditions, checked against the type's fields before any record is read. */
function conditions(filter: unknown, fields: string[]): Condition[] {
	if (filter === undefined || filter === null || filter === '') return [];
	if (!isPhpArray(filter)) throw invalidArg('filter should be an associative array');
	const byUpper = new Map(fields.map((field) => [toUpper(field), field]));
	return Object.entries(filter).map(([key, value]): Condition => {
		const [, prefix = '', name = key] = OPERATOR.exec(key) ?? [];
		const field = byUpper.get(toUpper(name));
		if (!field)
			throw invalidArg(
				`Invalid filter: field '${prefix}${toUpper(name)}' is not allowed in filter`,
			);
		const op = prefix || '=';
		const wanted = isPhpArray(value) ? phpArrayValues(value) : [value];
		return { op, field, wanted };
	});
}

function ordering(order: unknown, fields: string[]): Array<[string, number]> {
	if (!isPhpArray(order) || Array.isArray(order)) return [['id', 1]];
	const byUpper = new Map(fields.map((field) => [toUpper(field), field]));
	const keys: Array<[string, number]> = Object.entries(order).map(([key, direction]) => {
		const field = byUpper.get(toUpper(key));
		if (!field) throw invalidArg(`Invalid order: field '${toUpper(key)}' is not allowed in order`);
		const dir = text(direction).toUpperCase();
		if (dir !== 'ASC' && dir !== 'DESC')
			throw invalidArg(
				`Invalid order: allowed sort directions are ASC, DESC. But got '${text(direction)}' for field '${toUpper(key)}'`,
			);
		return [field, dir === 'ASC' ? 1 : -1];
	});
	return [...keys, ['id', 1]];
}

function sorted(rows: ItemRow[], order: Array<[string, number]>): ItemRow[] {
	return rows.sort((a, b) => {
		for (const [field, dir] of order) {
			const [x, y] = [text(a[field]), text(b[field])];
			const both = /^-?\d+$/.test(x) && /^-?\d+$/.test(y);
			const c = both ? Number(x) - Number(y) : x.localeCompare(y);
			if (c !== 0) return c * dir;
		}
		return 0;
	});
}

function projection(select: unknown, fields: string[]): (row: ItemRow) => ItemRow {
	const names = isPhpArray(select) ? phpArrayValues(select).map(text) : ['*'];
	if (names.includes('*')) return (row) => row;
	const kept = fields.filter((field) => names.some((name) => toUpper(name) === toUpper(field)));
	return (row) => Object.fromEntries(kept.map((field) => [field, row[field]]));
}

function list(params: Params, state: Parameters<MethodDef['handler']>[1]['state']) {
	const type = ITEM_TYPES[intval(param(params, 'entityTypeId'))];
	if (!type) throw new RestError(400, 'NOT_FOUND', 'SPA not found');
	const fields = fieldsOfType(type);
	const tests = conditions(param(params, 'filter'), fields);
	const order = ordering(param(params, 'order'), fields);
	const project = projection(param(params, 'select'), fields);
	const onId = tests
		.filter((test) => test.field === 'id')
		.map((t): [string, unknown[]] => [t.op, t.wanted]);
	const rows = idsWithin(idsOfType(state, type), onId)
		.map((id) => itemRow(state, type, id))
		.filter((row) => tests.every((test) => compare(test.op, row[test.field], test.wanted)));
	const start = intval(param(params, 'start'));
	const offset = Math.max(0, start);
	const page = sorted(rows, order)
		.slice(offset, offset + PAGE_SIZE)
		.map(project);
	if (start === -1) return { result: { items: page }, total: 0 };
	const next = offset + PAGE_SIZE < rows.length ? offset + PAGE_SIZE : undefined;
	return { result: { items: page }, total: rows.length, next };
}

export const crmItemListMethods: Record<string, MethodDef> = {
	'crm.item.list': { scope: 'crm', handler: (params, { state }) => list(params, state) },
};
