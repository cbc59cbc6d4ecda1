/**
 * Many records: every one is read, by ID ranges of the crm.item.list filter with `start = -1`, 50
 * commands a batch; a full range is split by the density it showed, so a first poll of 1,200
 * contacts, or 300 contacts added between polls, costs a few requests, not one page after another.
 */
import { logReaders } from './log-counts';
import { useTriggerSuite } from './fixture';

const suite = useTriggerSuite();

async function seedContacts(count: number, name: string): Promise<number[]> {
	const contacts = Array.from({ length: count }, (_, index) => ({ NAME: `${name} ${index}` }));
	const seeded = await suite.sandbox().control.seed({ contacts });
	const bindings = Object.fromEntries(
		seeded.contacts.map((id, index) => [
			String(id),
			index % 3 === 0 ? [] : [{ COMPANY_ID: 7 + (index % 5) }],
		]),
	);
	await suite.sandbox().control.seed({ bindings });
	return seeded.contacts;
}

it('reads 1,214 contacts in a few requests, and finds the 300 added since', async () => {
	await seedContacts(1200, 'Bulk');
	const trigger = await suite.trigger();
	const log = logReaders(suite.sandbox());
	await log.clear();
	expect((await trigger.poll(true)).error).toBeUndefined();
	const first = await log.counts();
	expect(first.listCommands).toBeGreaterThanOrEqual(25);
	expect(first.requests).toBeLessThanOrEqual(8);
	expect(String(trigger.nodeState().records).split(';')).toHaveLength(1214);

	const added = await seedContacts(300, 'Later');
	await log.clear();
	const polled = await trigger.poll();
	const created = added.filter((_, index) => index % 3 !== 0);
	expect(polled.emitted?.map((item) => item.contactId)).toEqual(created);
	expect(polled.emitted?.every((item) => item.change === 'created')).toBe(true);
	const second = await log.counts();
	expect(second.requests).toBeLessThanOrEqual(8);
	expect((await trigger.poll()).emitted).toBeNull();
});
