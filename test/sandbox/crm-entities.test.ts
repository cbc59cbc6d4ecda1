/**
 * crm.contact.* and crm.company.* add/get/list, used for demo data and resource-locator searches.
 * Sources: b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse (list envelope: `total`/`next` at the top level, 50 a page),
 * api-reference/crm/contacts/company/ index.md (contact COMPANY_ID mirrors the primary binding).
 */
import { hook, useSandbox } from './test-helpers';

describe('sandbox: contacts and companies', () => {
	const sandbox = useSandbox();

	test('crm.contact.get shows COMPANY_ID of the primary binding, null without bindings (b24restdocs api-reference/crm/contacts/company/ index.md)', async () => {
		const r = await hook(sandbox(), 'crm.contact.get', { id: 54 });
		expect(r.body.result).toMatchObject({
			ID: '54',
			NAME: 'Ivan',
			LAST_NAME: 'Petrov',
			COMPANY_ID: '7',
		});
		expect(
			(await hook(sandbox(), 'crm.contact.get', { id: 82 })).body.result.COMPANY_ID,
		).toBeNull();
	});

	test('get of a missing record → 400 Not found; bad id → 400 (the error tables of b24restdocs api-reference/crm/contacts/company/ error shape)', async () => {
		expect((await hook(sandbox(), 'crm.contact.get', { id: 999 })).body).toEqual({
			error: '',
			error_description: 'Not found',
		});
		const bad = await hook(sandbox(), 'crm.company.get', { id: 0 });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toBe('');
	});

	test('add returns the new id, continuing after the seed maximum (b24restdocs api-reference/crm/contacts/company/ ids are integers)', async () => {
		const company = await hook(sandbox(), 'crm.company.add', { fields: { TITLE: 'Omega Ltd' } });
		expect(company.body.result).toBe(21);
		const contact = await hook(sandbox(), 'crm.contact.add', {
			fields: { NAME: 'New', LAST_NAME: 'Person', COMPANY_ID: 21 },
		});
		expect(contact.body.result).toBe(95);
		expect((await hook(sandbox(), 'crm.company.get', { id: 21 })).body.result.TITLE).toBe(
			'Omega Ltd',
		);
		expect(
			(await hook(sandbox(), 'crm.contact.company.items.get', { id: 95 })).body.result,
		).toEqual([{ COMPANY_ID: 21, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' }]);
	});

	test('add without fields → 400 (the error tables of b24restdocs api-reference/crm/contacts/company/ fields must be array)', async () => {
		const r = await hook(sandbox(), 'crm.company.add', {});
		expect(r.status).toBe(400);
		expect(r.body.error_description).toBe("The parameter 'fields' must be array");
	});

	test('company list: %TITLE is a case-insensitive substring, TITLE an equality; total at top level (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse)', async () => {
		const like = await hook(sandbox(), 'crm.company.list', {
			filter: { '%TITLE': 'alpha' },
			select: ['ID', 'TITLE'],
		});
		expect(like.body.result).toEqual([
			{ ID: '7', TITLE: 'Alpha LLC' },
			{ ID: '20', TITLE: 'Alpha Beta Holdings' },
		]);
		expect(like.body.total).toBe(2);
		expect(like.body.next).toBeUndefined();
		const exact = await hook(sandbox(), 'crm.company.list', { filter: { TITLE: 'Alpha LLC' } });
		expect(exact.body.result.map((c: { ID: string }) => c.ID)).toEqual(['7']);
	});

	test('contact list: %NAME, %LAST_NAME, NAME filters; order; select (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse)', async () => {
		const byLast = await hook(sandbox(), 'crm.contact.list', {
			filter: { '%LAST_NAME': 'petrov' },
			select: ['ID'],
		});
		expect(byLast.body.result).toEqual([{ ID: '54' }, { ID: '88' }, { ID: '93' }]);
		const byName = await hook(sandbox(), 'crm.contact.list', {
			filter: { NAME: 'Ivan' },
			order: { ID: 'DESC' },
			select: ['ID', 'NAME'],
		});
		expect(byName.body.result).toEqual([
			{ ID: '85', NAME: 'Ivan' },
			{ ID: '54', NAME: 'Ivan' },
		]);
		const partial = await hook(sandbox(), 'crm.contact.list', { filter: { '%NAME': 'IV' } });
		expect(partial.body.total).toBe(2);
		expect(partial.body.result[0]).toHaveProperty('COMPANY_ID', '7');
	});

	test('pages hold 50 rows; next and total at the top level; start picks the page (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse, LIST_LIMIT = 50)', async () => {
		const sb = sandbox();
		await sb.control.seed({
			contacts: Array.from({ length: 60 }, (_, i) => ({ NAME: `Bulk${i}`, LAST_NAME: 'Tester' })),
		});
		const first = await hook(sb, 'crm.contact.list', {
			filter: { '%LAST_NAME': 'tester' },
			select: ['ID'],
		});
		expect(first.body.result).toHaveLength(50);
		expect(first.body.next).toBe(50);
		expect(first.body.total).toBe(60);
		const second = await hook(sb, 'crm.contact.list', {
			filter: { '%LAST_NAME': 'tester' },
			select: ['ID'],
			start: 50,
		});
		expect(second.body.result).toHaveLength(10);
		expect(second.body.next).toBeUndefined();
		expect(second.body.total).toBe(60);
		expect(Object.keys(first.body)).toEqual(['result', 'next', 'total', 'time']);
	});
});
