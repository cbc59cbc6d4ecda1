/**
 * The record pickers (resource locators "From List"): the node's listSearch methods, called
 * through n8n-core's LoadOptionsContext against the sandbox. A name term is a substring search
 * (`%NAME` and `%LAST_NAME` for contacts, in one batch; `%TITLE` for the rest), a number looks the
 * ID up, pages of 50 go newest first with each record once (the token is the last ID listed), and
 * each result links to the record in the portal.
 */
import type { IDataObject } from 'n8n-workflow';

import { CredentialStore, oauth2Credentials } from '../harness';
import { callsIn, restLog, useSandbox, webhookStore } from './helpers';
import { type SearchMethod, searchList } from './load-options';

describe('node: pickers', () => {
	const sandbox = useSandbox();
	const search = (method: SearchMethod, filter?: string, token?: string) =>
		searchList(webhookStore(sandbox()), method, filter, token);
	const url = (path: string, id: number) => `${sandbox().baseUrl}/crm/${path}/details/${id}/`;

	test('contacts by name: first and last names are searched in one batch request, merged newest first', async () => {
		const found = await search('searchContacts', 'petrov');
		expect(found).toEqual({
			results: [
				{ name: 'Alexey Petrovsky (ID 93)', value: '93', url: url('contact', 93) },
				{ name: 'Olga Petrova (ID 88)', value: '88', url: url('contact', 88) },
				{ name: 'Ivan Petrov (ID 54)', value: '54', url: url('contact', 54) },
			],
			paginationToken: undefined,
		});
		const log = await restLog(sandbox());
		expect(log).toHaveLength(1);
		expect(log[0].method).toBe('batch');
		const calls = callsIn(log);
		expect(calls.map((c) => c.method)).toEqual(['crm.contact.list', 'crm.contact.list']);
		expect(calls.map((c) => c.params.filter)).toEqual([
			{ '%NAME': 'petrov' },
			{ '%LAST_NAME': 'petrov' },
		]);
		expect(calls[0].params.order).toEqual({ ID: 'DESC' });
	});

	test('a term matching a first name and other last names finds all; a contact matching both is listed once', async () => {
		const sb = sandbox();
		await sb.control.seed({ contacts: [{ ID: 300, NAME: 'Ivanka', LAST_NAME: 'Ivanenko' }] });
		const found = await search('searchContacts', 'Ivan');
		expect(found.results.map((r) => r.value)).toEqual(['300', '85', '82', '54']);
	});

	test('a number searches by ID', async () => {
		const found = await search('searchContacts', ' 85 ');
		expect(found.results).toEqual([
			{ name: 'Ivan Kuznetsov (ID 85)', value: '85', url: url('contact', 85) },
		]);
		expect(callsIn(await restLog(sandbox())).map((c) => c.params.filter)).toEqual([{ ID: '85' }]);
		expect((await search('searchDeals', '999')).results).toEqual([]);
	});

	test('pages of 50 follow the pagination token (the last ID listed) until the last page', async () => {
		const sb = sandbox();
		await sb.control.seed({
			contacts: Array.from({ length: 60 }, (_, i) => ({
				ID: 1000 + i,
				NAME: 'Bulk',
				LAST_NAME: `Tester${i}`,
			})),
		});
		const first = await search('searchContacts', 'tester');
		expect(first.results).toHaveLength(50);
		expect(first.results[0].value).toBe('1059');
		expect(first.paginationToken).toBe('below:1010');
		const second = await search('searchContacts', 'tester', first.paginationToken as string);
		expect(second.results.map((r) => r.value)).toEqual(
			Array.from({ length: 10 }, (_, i) => String(1009 - i)),
		);
		expect(second.paginationToken).toBeUndefined();
		const filters = callsIn(await restLog(sb)).map((c) => c.params.filter);
		expect(filters).toEqual([
			{ '%NAME': 'tester' },
			{ '%LAST_NAME': 'tester' },
			{ '%NAME': 'tester', '<ID': '1010' },
			{ '%LAST_NAME': 'tester', '<ID': '1010' },
		]);
	});

	test('more than 50 contacts matching by first name, last name or both: one ordered list, each contact once', async () => {
		const sb = sandbox();
		// 150 contacts: a third match "zorro" in both names, a third only in the first name, a third
		// only in the last; every seventh matches in neither. Each field alone has far more than 50.
		const contacts = Array.from({ length: 150 }, (_, i) => {
			if (i % 7 === 0) return { ID: 2000 + i, NAME: 'Bob', LAST_NAME: 'Jones' };
			if (i % 3 === 0) return { ID: 2000 + i, NAME: 'Zorro', LAST_NAME: 'Zorrovich' };
			if (i % 3 === 1) return { ID: 2000 + i, NAME: 'Zorro', LAST_NAME: 'Smith' };
			return { ID: 2000 + i, NAME: 'Anna', LAST_NAME: 'Zorroson' };
		});
		await sb.control.seed({ contacts });
		const matching = contacts
			.filter((c) => c.NAME === 'Zorro' || c.LAST_NAME.startsWith('Zorro'))
			.map((c) => String(c.ID));
		expect(matching.length).toBeGreaterThan(100);

		const pages: string[][] = [];
		let token: string | undefined;
		do {
			const page = await search('searchContacts', 'zorro', token);
			pages.push(page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
		} while (token && pages.length < 10);

		const listed = pages.flat();
		expect(pages.map((page) => page.length)).toEqual([50, 50, matching.length - 100]);
		expect(listed).toEqual([...matching].sort((a, b) => Number(b) - Number(a)));
		expect(new Set(listed).size).toBe(listed.length);
		// One batch request a page, each searching both names.
		const log = await restLog(sb);
		expect(log.map((entry) => entry.method)).toEqual(['batch', 'batch', 'batch']);
		expect(callsIn(log)).toHaveLength(6);
	});

	test('companies by title; no term lists every company, newest first', async () => {
		expect((await search('searchCompanies', 'ALPHA')).results).toEqual([
			{ name: 'Alpha Beta Holdings (ID 20)', value: '20', url: url('company', 20) },
			{ name: 'Alpha LLC (ID 7)', value: '7', url: url('company', 7) },
		]);
		const all = await search('searchCompanies');
		expect(all.results.map((r) => r.value)).toEqual([
			'20',
			'19',
			'18',
			'17',
			'16',
			'15',
			'14',
			'13',
			'12',
			'11',
			'10',
			'9',
			'8',
			'7',
		]);
		expect(all.paginationToken).toBeUndefined();
		expect(callsIn(await restLog(sandbox())).map((c) => c.params.filter)).toEqual([
			{ '%TITLE': 'ALPHA' },
			undefined,
		]);
	});

	test('deals, leads and quotes by title, each with its own link in the portal', async () => {
		expect((await search('searchDeals', 'website')).results).toEqual([
			{ name: 'Website hosting (ID 5)', value: '5', url: url('deal', 5) },
			{ name: 'Website redesign (ID 1)', value: '1', url: url('deal', 1) },
		]);
		expect((await search('searchLeads', 'website')).results).toEqual([
			{ name: 'Website form: demo request (ID 2)', value: '2', url: url('lead', 2) },
		]);
		expect((await search('searchQuotes', 'quote for')).results).toEqual([
			{ name: 'Quote for CRM rollout (ID 2)', value: '2', url: url('type/7', 2) },
			{ name: 'Quote for website redesign (ID 1)', value: '1', url: url('type/7', 1) },
		]);
		const methods = callsIn(await restLog(sandbox())).map((c) => c.method);
		expect(methods).toEqual(['crm.deal.list', 'crm.lead.list', 'crm.quote.list']);
	});

	test('a record without a title is named by its kind and ID', async () => {
		const sb = sandbox();
		await sb.control.seed({ deals: [{ ID: 70, TITLE: '' }] });
		expect((await search('searchDeals', '70')).results[0].name).toBe('Deal 70 (ID 70)');
	});

	test('with OAuth2 the same search goes to /rest/ with the access token', async () => {
		const sb = sandbox();
		const store = new CredentialStore().set('bitrix24OAuth2Api', await oauth2Credentials(sb));
		const found = await searchList(store, 'searchDeals', 'CRM', undefined, 'oAuth2');
		expect(found.results).toEqual([
			{ name: 'CRM rollout (ID 2)', value: '2', url: url('deal', 2) },
		]);
		const log = await restLog(sb);
		expect(log.map((e) => [e.authMode, e.method])).toEqual([['oauth', 'batch']]);
	});

	test("a search goes through the engine: the portal's request limit is waited out, a gateway error retried", async () => {
		const sb = sandbox();
		const overflow = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' };
		await sb.control.injectFault({
			match: { method: 'batch' },
			count: 1,
			fault: { kind: 'status', status: 503, body: overflow },
		});
		await sb.control.injectFault({
			match: { method: 'batch' },
			count: 1,
			fault: { kind: 'html', status: 502 },
		});
		const found = await search('searchDeals', 'CRM');
		expect(found.results).toEqual([
			{ name: 'CRM rollout (ID 2)', value: '2', url: url('deal', 2) },
		]);
		const log = await restLog(sb);
		expect(log.map((entry) => [entry.method, entry.status])).toEqual([
			['batch', 503],
			['batch', 502],
			['batch', 200],
		]);
	});

	test("the portal's refusal becomes the picker's error, without the webhook secret", async () => {
		const sb = sandbox();
		await sb.control.injectFault({
			match: { method: 'batch' },
			fault: {
				kind: 'status',
				status: 403,
				body: {
					error: 'insufficient_scope',
					error_description:
						'The request requires higher privileges than provided by the webhook token',
				},
			},
		});
		const failure = await search('searchDeals', 'x').then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		expect(failure).toBeDefined();
		const text = `${failure?.message} ${String((failure as IDataObject | undefined)?.description ?? '')}`;
		expect(text).toMatch(/privileges|scope/i);
		const secret = new URL(sb.webhookUrl).pathname.split('/')[3];
		expect(text).not.toContain(secret);
	});
});
