/**
 * Items of one run that change the same record: the last one decides it, as when n8n runs items
 * one after another, although the run's requests are in flight at the same time and the portal
 * runs them in any order (engine/workQueue.ts holds a record's later items back).
 */
import type { INodeParameters } from 'n8n-workflow';

import { useSandbox } from '../sandbox/test-helpers';
import { companyOf, itemsFor, restLog, run, seedContacts, setParameters } from './fixtures';

const sandbox = useSandbox({
	rate: { enabled: false },
	// Each change takes the portal a while, so that the requests in flight really overlap: the
	// first request's 21st change would run after the second request's 6th.
	serverTime: { enabled: true, defaultMs: 0, byMethod: { 'crm.contact.company.items.set': 15 } },
});

/** Each contact's bound companies, read from the sandbox once. */
async function boundCompanies(): Promise<(contact: number) => number[]> {
	const { bindings } = await sandbox().control.getState();
	return (contact) => bindings[String(contact)].map((b) => b.COMPANY_ID);
}

describe.each<[string, INodeParameters]>([
	['batched', {}],
	['one request an item', { batching: false }],
	['with Skip Unchanged', { skipUnchanged: true }],
])('%s', (_how, options) => {
	it('the later of two Sets of one contact decides it, and the output says what it set', async () => {
		const contacts = await seedContacts(sandbox(), 60);
		const twice = contacts[20];
		const items = itemsFor(contacts, (id) => ({ companies: [companyOf(id + 1)] }));
		items[20] = { contactId: twice, companies: [8] };
		items[30] = { contactId: twice, companies: [9] };

		const result = await run(sandbox(), setParameters(options), items);

		expect(result.items.map((item) => item.json.error)).toEqual(items.map(() => undefined));
		expect((await restLog(sandbox())).length).toBeGreaterThan(1);
		const boundTo = await boundCompanies();
		expect(boundTo(twice)).toEqual([9]);
		const companiesOf = (index: number) =>
			(result.items[index].json.companies as Array<{ companyId: number }>).map((c) => c.companyId);
		expect(companiesOf(20)).toEqual([8]);
		expect(companiesOf(30)).toEqual([9]);
		// every other contact got its own list
		for (const [index, contact] of contacts.entries()) {
			if (index !== 20 && index !== 30) expect(boundTo(contact)).toEqual([companyOf(contact + 1)]);
		}
	});
});
