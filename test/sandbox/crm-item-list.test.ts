/**
 * crm.item.list, crm.contact.update with COMPANY_IDS, crm.contact.delete, and a binding from the
 * company side, as the docs and the server code say (citations in methods/crm-item-list.ts,
 * methods/crm-contact-changes.ts and state.ts).
 */
import { hook, useSandbox } from './test-helpers';

const sandbox = useSandbox();

const list = async (params: Record<string, unknown>) =>
	(await hook(sandbox(), 'crm.item.list', params)).body;

it('lists contacts with their companyIds and primary companyId, by ID range, without a total at start -1', async () => {
	const answer = await list({
		entityTypeId: 3,
		select: ['id', 'companyIds', 'companyId'],
		filter: { '>id': 53, '<=id': 85 },
		order: { id: 'ASC' },
		start: -1,
	});
	expect(answer.result.items.slice(0, 3)).toEqual([
		{ id: 54, companyIds: [7, 8, 9], companyId: 7 },
		{ id: 82, companyIds: [], companyId: 0 },
		{ id: 83, companyIds: [11], companyId: 11 },
	]);
	expect(answer.result.items).toHaveLength(5);
	expect(answer.total).toBe(0);
	expect(answer.next).toBeUndefined();
});

it('pages by 50 with a total and next from start 0, orders, and filters by "in" and substring', async () => {
	const seeded = await sandbox().control.seed({
		contacts: Array.from({ length: 60 }, (_, i) => ({ NAME: `Paged ${i}` })),
	});
	const first = await list({ entityTypeId: 3, select: ['id'], filter: { '%name': 'paged' } });
	expect(first.result.items).toHaveLength(50);
	expect(first.total).toBe(60);
	expect(first.next).toBe(50);
	const newest = await list({ entityTypeId: 3, select: ['id'], order: { id: 'DESC' }, start: -1 });
	expect(newest.result.items[0]).toEqual({ id: seeded.contacts[59] });
	const some = await list({
		entityTypeId: 2,
		select: ['id', 'contactIds', 'contactId'],
		filter: { '@id': [1, 2] },
	});
	expect(some.result.items).toEqual([
		{ id: 1, contactIds: [54, 82], contactId: 54 },
		{ id: 2, contactIds: [85], contactId: 85 },
	]);
});

it('refuses a filter or order on a field the type lacks, naming it as the server does', async () => {
	const reply = await hook(sandbox(), 'crm.item.list', {
		entityTypeId: 3,
		filter: { '>=colourCode': 1 },
	});
	expect(reply.status).toBe(400);
	expect(reply.body).toEqual({
		error: 'INVALID_ARG_VALUE',
		error_description: "Invalid filter: field '>=COLOUR_CODE' is not allowed in filter",
	});
	const order = await hook(sandbox(), 'crm.item.list', { entityTypeId: 3, order: { id: 'UP' } });
	expect(order.body.error_description).toBe(
		"Invalid order: allowed sort directions are ASC, DESC. But got 'UP' for field 'ID'",
	);
	expect((await hook(sandbox(), 'crm.item.list', { entityTypeId: 99 })).body.error).toBe(
		'NOT_FOUND',
	);
});

it('replaces the companies with crm.contact.update COMPANY_IDS: SORT 10, 20, the first primary', async () => {
	await hook(sandbox(), 'crm.contact.update', { id: 54, fields: { COMPANY_IDS: [9, 10] } });
	const got = await hook(sandbox(), 'crm.contact.company.items.get', { id: 54 });
	expect(got.body.result).toEqual([
		{ COMPANY_ID: 9, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		{ COMPANY_ID: 10, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
	]);
	const missing = await hook(sandbox(), 'crm.contact.update', { id: 9999, fields: { NAME: 'x' } });
	expect(missing.body).toEqual({ error: '', error_description: 'Contact is not found' });
});

it('makes the company the primary of a contact bound from the company side', async () => {
	await hook(sandbox(), 'crm.company.contact.add', { id: 16, fields: { CONTACT_ID: 54 } });
	const got = await hook(sandbox(), 'crm.contact.company.items.get', { id: 54 });
	expect(got.body.result.filter((b: { IS_PRIMARY: string }) => b.IS_PRIMARY === 'Y')).toEqual([
		{ COMPANY_ID: 16, SORT: 130, ROLE_ID: 0, IS_PRIMARY: 'Y' },
	]);
});

it('deletes a contact with its bindings', async () => {
	expect((await hook(sandbox(), 'crm.contact.delete', { id: 85 })).body.result).toBe(true);
	expect((await list({ entityTypeId: 3, filter: { '@id': [85] } })).result.items).toEqual([]);
	const again = await hook(sandbox(), 'crm.contact.delete', { id: 85 });
	expect(again.body).toEqual({ error: 'ERROR_CORE', error_description: 'Element not found' });
});

it('lists by ID when no order is given, and reads a filter on a list field as "contains" (README choices 18, 19)', async () => {
	const unordered = await list({ entityTypeId: 3, select: ['id'], start: -1 });
	const ids = unordered.result.items.map((item: { id: number }) => item.id);
	expect(ids).toEqual([...ids].sort((a, b) => a - b));
	const bound = await list({
		entityTypeId: 3,
		select: ['id'],
		filter: { companyIds: 8 },
		start: -1,
	});
	expect(bound.result.items.map((item: { id: number }) => item.id)).toContain(54);
	expect(bound.result.items.map((item: { id: number }) => item.id)).not.toContain(83);
});
