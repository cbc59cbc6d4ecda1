/**
 * The trigger in n8n-core's poll engine over real HTTP to the sandbox: the first poll remembers
 * and emits nothing; then each way of changing a contact's companies gives exactly one item with
 * the right added, removed and primary, and unchanged contacts give nothing.
 */
import { locator } from '../harness';
import { brief, useTriggerSuite } from './fixture';

const suite = useTriggerSuite();

const company = (id: number, isPrimary = false, sort = 0) => ({
	companyId: locator(id),
	isPrimary,
	sort,
});

describe.each(['webhook', 'oAuth2'] as const)('with the %s credential', (auth) => {
	it('emits one item per change made through the node: Set, Add, Remove, Clear', async () => {
		const trigger = await suite.trigger({}, auth);
		const first = await trigger.poll(true);
		expect(first.error).toBeUndefined();
		expect(first.emitted).toBeNull();

		await suite.act(
			'set',
			{
				contactId: locator(82),
				companiesInput: 'fields',
				companies: { company: [company(8, true, 10), company(9, false, 20)] },
			},
			auth,
		);
		await suite.act('add', { contactId: locator(83), companyId: locator(12) }, auth);
		await suite.act('remove', { contactId: locator(85), companyId: locator(12) }, auth);
		await suite.act('clear', { contactId: locator(54) }, auth);

		const polled = await trigger.poll();
		expect(polled.error).toBeUndefined();
		expect(polled.emitted?.map(brief)).toEqual([
			{
				contactId: 54,
				change: 'changed',
				addedIds: [],
				removedIds: [7, 8, 9],
				primaryBefore: 7,
				primaryAfter: null,
			},
			{
				contactId: 82,
				change: 'changed',
				addedIds: [8, 9],
				removedIds: [],
				primaryBefore: null,
				primaryAfter: 8,
			},
			{
				contactId: 83,
				change: 'changed',
				addedIds: [12],
				removedIds: [],
				primaryBefore: 11,
				primaryAfter: 11,
			},
			{
				contactId: 85,
				change: 'changed',
				addedIds: [],
				removedIds: [12],
				primaryBefore: 13,
				primaryAfter: 13,
			},
		]);
		// The bindings as Get shows them, and a change ID per item.
		const contact82 = polled.emitted?.find((item) => item.contactId === 82);
		expect(contact82?.companies).toEqual([
			{ companyId: 8, isPrimary: true, sort: 10, roleId: 0 },
			{ companyId: 9, isPrimary: false, sort: 20, roleId: 0 },
		]);
		expect(new Set(polled.emitted?.map((item) => item.changeId)).size).toBe(4);

		expect((await trigger.poll()).emitted).toBeNull();
	});
});

it('sees crm.contact.update with COMPANY_IDS: the first company becomes the primary', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	await suite.call('crm.contact.update', { id: 86, fields: { COMPANY_IDS: [14, 15] } });
	await suite.call('crm.contact.update', { id: 54, fields: { COMPANY_IDS: [9, 7] } });
	const polled = await trigger.poll();
	expect(polled.emitted?.map(brief)).toEqual([
		{
			contactId: 54,
			change: 'changed',
			addedIds: [],
			removedIds: [8],
			primaryBefore: 7,
			primaryAfter: 9,
		},
		{
			contactId: 86,
			change: 'changed',
			addedIds: [14, 15],
			removedIds: [],
			primaryBefore: null,
			primaryAfter: 14,
		},
	]);
});

it('sees a binding made from the company side, which makes that company the primary', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	await suite.call('crm.company.contact.add', { id: 16, fields: { CONTACT_ID: 83 } });
	const polled = await trigger.poll();
	expect(polled.emitted?.map(brief)).toEqual([
		{
			contactId: 83,
			change: 'changed',
			addedIds: [16],
			removedIds: [],
			primaryBefore: 11,
			primaryAfter: 16,
		},
	]);
});

it('watches the companies of a company: the same link seen from the other side', async () => {
	const trigger = await suite.trigger({ resource: 'companyContact' });
	await trigger.poll(true);
	await suite.call('crm.contact.company.add', { id: 84, fields: { COMPANY_ID: 7 } });
	const polled = await trigger.poll();
	expect(polled.emitted).toEqual([
		expect.objectContaining({ companyId: 7, change: 'changed', addedIds: [84], removedIds: [] }),
	]);
});

it('shows a new contact with companies as created, and a deleted one as deleted', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	const created = Number(
		await suite.call('crm.contact.add', { fields: { NAME: 'New', COMPANY_ID: 10 } }),
	);
	await suite.call('crm.contact.add', { fields: { NAME: 'Alone' } });
	await suite.call('crm.contact.delete', { id: 85 });
	const polled = await trigger.poll();
	expect(polled.emitted?.map(brief)).toEqual([
		{
			contactId: 85,
			change: 'deleted',
			addedIds: [],
			removedIds: [12, 13],
			primaryBefore: 13,
			primaryAfter: null,
		},
		{
			contactId: created,
			change: 'created',
			addedIds: [10],
			removedIds: [],
			primaryBefore: null,
			primaryAfter: 10,
		},
	]);
	expect((await trigger.poll()).emitted).toBeNull();
});

it('watches a list of IDs, and a filter, reading only those records', async () => {
	const byIds = await suite.trigger({ watch: 'ids', recordIds: '54, 82' });
	const byFilter = await suite.trigger({ watch: 'filter', filter: '{"%lastName": "petrov"}' });
	await byIds.poll(true);
	await byFilter.poll(true);
	await suite.call('crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 7 } });
	await suite.call('crm.contact.company.add', { id: 88, fields: { COMPANY_ID: 7 } });
	await suite.call('crm.contact.company.add', { id: 83, fields: { COMPANY_ID: 7 } });
	expect((await byIds.poll()).emitted?.map((item) => item.contactId)).toEqual([82]);
	// Petrov (54), Petrova (88) and Petrovsky (93) match; 83 (Sidorov) does not.
	expect((await byFilter.poll()).emitted?.map((item) => item.contactId)).toEqual([88]);
});
