/**
 * What the trigger remembers: small static data; an n8n restart emits a change made while n8n was
 * down once and nothing twice; a poll n8n did not get to store emits its change again under the
 * same change ID (at least once); a poll that fails leaves the state as it was.
 */
import { useTriggerSuite } from './fixture';

const suite = useTriggerSuite();

it('emits a change made while n8n was stopped once, at the activation after the restart', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	const stored = trigger.stored();
	await suite.call('crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 10 } });
	trigger.restart(stored);
	const activation = await trigger.poll(true);
	expect(activation.emitted?.map((item) => item.contactId)).toEqual([82]);
	trigger.restart(trigger.stored());
	expect((await trigger.poll(true)).emitted).toBeNull();
	expect((await trigger.poll()).emitted).toBeNull();
});

it('emits the same change with the same change ID when n8n died before storing the poll', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	const before = trigger.stored();
	await suite.call('crm.contact.company.delete', { id: 54, fields: { COMPANY_ID: 8 } });
	const first = await trigger.poll();
	trigger.restart(before);
	const again = await trigger.poll();
	expect(again.emitted).toEqual(first.emitted);
	expect(again.emitted?.[0].changeId).toEqual(first.emitted?.[0].changeId);
	// Stored this time: the same change is not emitted a third time; a later change has a new ID.
	expect((await trigger.poll()).emitted).toBeNull();
	await suite.call('crm.contact.company.add', { id: 54, fields: { COMPANY_ID: 8 } });
	await suite.call('crm.contact.company.delete', { id: 54, fields: { COMPANY_ID: 8 } });
	expect((await trigger.poll()).emitted).toBeNull();
});

it('leaves the state as it was when a request fails mid-poll, and names the cause', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	await suite.call('crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 10 } });
	const before = trigger.stored();
	// The list goes through; the batch with the changed contact's items.get gets an HTML page.
	await suite.sandbox().control.injectFault({
		match: { method: 'crm.contact.company.items.get' },
		count: 1,
		fault: { kind: 'html', status: 400 },
	});
	const failed = await trigger.poll();
	expect(failed.emitted).toBeNull();
	expect(failed.error?.message).toMatch(/HTML|not JSON|page/i);
	expect(trigger.stored()).toEqual(before);
	const next = await trigger.poll();
	expect(next.emitted?.map((item) => item.contactId)).toEqual([82]);
});

it('retries a dropped connection and paces a 503 during a poll, as the actions do', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	await suite.call('crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 10 } });
	const control = suite.sandbox().control;
	await control.injectFault({ match: { method: 'batch' }, count: 1, fault: { kind: 'drop' } });
	await control.injectFault({
		match: { method: 'batch' },
		count: 1,
		fault: {
			kind: 'status',
			status: 503,
			body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
		},
	});
	const polled = await trigger.poll();
	expect(polled.error).toBeUndefined();
	expect(polled.emitted?.map((item) => item.contactId)).toEqual([82]);
});

it('keeps a few bytes per watched record in static data', async () => {
	const trigger = await suite.trigger();
	await trigger.poll(true);
	const stored = trigger.stored();
	const state = trigger.nodeState();
	const bytes = JSON.stringify(stored).length;
	// 14 demo contacts, three with companies.
	expect(String(state.records).split(';')).toHaveLength(14);
	expect(bytes).toBeLessThan(250);
});
