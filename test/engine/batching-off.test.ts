/** With Batching off every call is its own request, in the item's order, under the same limiter. */
import {
	companyOf,
	getParameters,
	itemsFor,
	pairedIndex,
	restLog,
	run,
	setParameters,
	useSeededSandbox,
} from './fixtures';

const portal = useSeededSandbox(5);

it('Get: one request per item', async () => {
	const result = await run(
		portal.sandbox,
		getParameters({ batching: false }),
		itemsFor(portal.contacts),
	);

	const log = await restLog(portal.sandbox);
	expect(log.map((entry) => entry.method)).toEqual(Array(5).fill('crm.contact.company.items.get'));
	expect(log.map((entry) => Number(entry.params.id)).sort()).toEqual(portal.contacts);
	expect(result.items.map(pairedIndex)).toEqual([0, 1, 2, 3, 4]);
	result.items.forEach((item, index) => {
		expect(item.json.companies).toEqual([
			expect.objectContaining({ companyId: companyOf(portal.contacts[index]) }),
		]);
	});
});

it('Set: the change, then its read-back, one request each', async () => {
	const ids = portal.contacts.slice(0, 3);
	const result = await run(
		portal.sandbox,
		setParameters({ batching: false }),
		itemsFor(ids, () => ({ companies: [8] })),
	);

	const log = await restLog(portal.sandbox);
	expect(log).toHaveLength(6);
	expect(log.every((entry) => entry.method !== 'batch')).toBe(true);
	for (const id of ids) {
		const calls = log
			.filter((entry) => Number(entry.params.id) === id)
			.map((entry) => entry.method);
		expect(calls).toEqual(['crm.contact.company.items.set', 'crm.contact.company.items.get']);
	}
	expect(result.items.map(pairedIndex)).toEqual([0, 1, 2]);
	expect(result.items.every((item) => item.json.updated === true)).toBe(true);
});
