/** With Batching off every call is its own request, in the item's order, under the same limiter. */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { companyOf, getParameters, itemsFor, pairedIndex, restLog, run, seedContacts, setParameters } from './fixtures';

let sandbox: Sandbox;
let contacts: number[];

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, rate: { enabled: false } });
});
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.control.reset();
	contacts = await seedContacts(sandbox, 5);
	await sandbox.control.clearLog();
});

it('Get: one request per item', async () => {
	const result = await run(sandbox, getParameters({ batching: false }), itemsFor(contacts));

	const log = await restLog(sandbox);
	expect(log.map((entry) => entry.method)).toEqual(Array(5).fill('crm.contact.company.items.get'));
	expect(log.map((entry) => Number(entry.params.id)).sort()).toEqual(contacts);
	expect(result.items.map(pairedIndex)).toEqual([0, 1, 2, 3, 4]);
	result.items.forEach((item, index) => {
		expect(item.json.companies).toEqual([expect.objectContaining({ companyId: companyOf(contacts[index]) })]);
	});
});

it('Set: the change, then its read-back, one request each', async () => {
	const ids = contacts.slice(0, 3);
	const result = await run(sandbox, setParameters({ batching: false }), itemsFor(ids, () => ({ companies: [8] })));

	const log = await restLog(sandbox);
	expect(log).toHaveLength(6);
	expect(log.every((entry) => entry.method !== 'batch')).toBe(true);
	for (const id of ids) {
		const calls = log.filter((entry) => Number(entry.params.id) === id).map((entry) => entry.method);
		expect(calls).toEqual(['crm.contact.company.items.set', 'crm.contact.company.items.get']);
	}
	expect(result.items.map(pairedIndex)).toEqual([0, 1, 2]);
	expect(result.items.every((item) => item.json.updated === true)).toBe(true);
});
