/**
 * Set with "Report Change": the bindings are read before the change in the same batch request
 * (items.get, items.set, items.get, in that order), and the output's `change` lists what was
 * added, removed and kept, and the primary before and after. Off by default.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import type { Sandbox } from '../sandbox/server';
import {
	bindingsOf,
	callsOf,
	companyRow,
	companyRows,
	jsonOf,
	locator,
	restLog,
	run,
	useWebhookSuite,
} from './helpers';

let sandbox: Sandbox;
let store: CredentialStore;

useWebhookSuite((suiteSandbox, suiteStore) => {
	sandbox = suiteSandbox;
	store = suiteStore;
});

const set = (parameters: IDataObject, items?: IDataObject[]) =>
	run({ store, auth: 'webhook', operation: 'set', parameters, items });

/** The methods of the run's requests, one list per request. */
async function requests(): Promise<string[][]> {
	return (await restLog(sandbox)).map((entry) => callsOf(entry).map((c) => c.method));
}

it('reports added, removed, kept and the primary before and after, read in the same request', async () => {
	// Contact 54 is bound to 7 (primary), 8 and 9.
	const result = await set({
		contactId: locator(54),
		companies: companyRows(companyRow(8, true, 100), companyRow(10, false, 200)),
		options: { reportChange: true },
	});

	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items)).toEqual([
		{
			contactId: 54,
			updated: true,
			change: { added: [10], removed: [7, 9], kept: [8], primaryBefore: 7, primaryAfter: 8 },
			companies: [
				{ companyId: 8, isPrimary: true, sort: 100, roleId: 0 },
				{ companyId: 10, isPrimary: false, sort: 200, roleId: 0 },
			],
		},
	]);
	expect(await requests()).toEqual([
		[
			'crm.contact.company.items.get',
			'crm.contact.company.items.set',
			'crm.contact.company.items.get',
		],
	]);
});

it('is off by default: no read before, no change in the output', async () => {
	const result = await set({ contactId: locator(54), companies: companyRows(companyRow(8)) });
	expect(jsonOf(result.items)[0]).not.toHaveProperty('change');
	expect(await requests()).toEqual([
		['crm.contact.company.items.set', 'crm.contact.company.items.get'],
	]);
});

it('a contact without companies: nothing before, and Bitrix24 makes the first one primary', async () => {
	const result = await set({
		contactId: locator(82),
		companiesInput: 'json',
		companiesJson: '[9, 8]',
		options: { reportChange: true },
	});
	expect(jsonOf(result.items)[0].change).toEqual({
		added: [9, 8],
		removed: [],
		kept: [],
		primaryBefore: null,
		primaryAfter: 9,
	});
	expect((await bindingsOf(sandbox, 82)).map((b) => (b as IDataObject).IS_PRIMARY)).toEqual([
		'Y',
		'N',
	]);
});

it('without the read-back, the primary after is the one Bitrix24 gives the list, in a batch of two', async () => {
	const result = await set({
		contactId: locator(54),
		companies: companyRows(companyRow(9), companyRow(7)),
		options: { reportChange: true, returnBindings: false },
	});
	expect(jsonOf(result.items)).toEqual([
		{
			contactId: 54,
			updated: true,
			change: { added: [], removed: [8], kept: [9, 7], primaryBefore: 7, primaryAfter: 9 },
		},
	]);
	expect(await requests()).toEqual([
		['crm.contact.company.items.get', 'crm.contact.company.items.set'],
	]);
	const primary = (await bindingsOf(sandbox, 54)).find(
		(b) => (b as IDataObject).IS_PRIMARY === 'Y',
	) as IDataObject;
	expect(primary.COMPANY_ID).toBe(9);
});

it('an allowed empty list reports every company removed and no primary after', async () => {
	const result = await set({
		contactId: locator(54),
		companiesInput: 'json',
		companiesJson: '[]',
		allowEmptyList: true,
		options: { reportChange: true },
	});
	expect(jsonOf(result.items)[0]).toMatchObject({
		change: { added: [], removed: [7, 8, 9], kept: [], primaryBefore: 7, primaryAfter: null },
		companies: [],
	});
	expect(await requests()).toEqual([
		[
			'crm.contact.company.items.get',
			'crm.contact.company.items.delete',
			'crm.contact.company.items.get',
		],
	]);
});

it("many items: each item's three commands stay together and in order, 16 items to a request", async () => {
	const items = Array.from({ length: 20 }, (_, i) => ({
		contact: i % 2 === 0 ? 54 : 82,
		company: 10 + (i % 5),
	}));
	const result = await set(
		{
			contactId: locator('={{ $json.contact }}'),
			companiesInput: 'json',
			companiesJson: '={{ [$json.company] }}',
			options: { reportChange: true },
		},
		items,
	);
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(20);
	const perRequest = await requests();
	expect(perRequest.map((methods) => methods.length)).toEqual([48, 12]);
	for (const methods of perRequest) {
		for (let i = 0; i < methods.length; i += 3) {
			expect(methods.slice(i, i + 3)).toEqual([
				'crm.contact.company.items.get',
				'crm.contact.company.items.set',
				'crm.contact.company.items.get',
			]);
		}
	}
	// Items of one contact run in order, so each sees the one before it as "before".
	const reports = jsonOf(result.items).map((item) => item.change as IDataObject);
	expect(reports[2]).toEqual({
		added: [12],
		removed: [10],
		kept: [],
		primaryBefore: 10,
		primaryAfter: 12,
	});
});
