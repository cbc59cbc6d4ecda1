/**
 * Bad input is refused at activation and in a test fetch, naming the field, before anything is
 * remembered; a poll interval the operating-time limit cannot sustain is refused at activation;
 * "Fetch Test Event" returns real data shaped like a change and leaves the state alone.
 */
import { storeFor } from '../harness';
import { PollHarness } from '../harness/run-poll';
import { triggerNode, useTriggerSuite } from './fixture';

const suite = useTriggerSuite();

const BAD_INPUT: Array<[string, Record<string, string>, RegExp]> = [
	[
		'a filter on a field contacts lack',
		{ watch: 'filter', filter: '{"colour": "red"}' },
		/^Filter: .*COLOUR/,
	],
	[
		'a filter that is not JSON',
		{ watch: 'filter', filter: '{assignedById: 1' },
		/^Filter: is not valid JSON/,
	],
	['a filter on the ID', { watch: 'filter', filter: '{">id": 5}' }, /^Filter: .*record ID/],
	[
		'an ID that is not a positive whole number',
		{ watch: 'ids', recordIds: '54, 0' },
		/^Record IDs: "0"/,
	],
	['an ID that is not a number', { watch: 'ids', recordIds: '54, abc' }, /^Record IDs: "abc"/],
	['an empty list of IDs', { watch: 'ids', recordIds: ' , ' }, /^Record IDs: the list is empty/],
];

describe.each(BAD_INPUT)('%s', (_name, parameters, message) => {
	it('is refused at activation, and nothing is remembered', async () => {
		const trigger = await suite.trigger(parameters);
		const activation = await trigger.poll(true);
		expect(activation.error?.message).toMatch(message);
		expect((activation.error as { description?: string })?.description ?? '').not.toBe('');
		expect(JSON.stringify(trigger.stored())).not.toMatch(/records/);
	});

	it('is refused in a test fetch', async () => {
		const trigger = await suite.trigger(parameters);
		expect((await trigger.testFetch()).error?.message).toMatch(message);
	});
});

it('returns the newest watched records shaped like a change in a test fetch, remembering nothing', async () => {
	const trigger = await suite.trigger();
	const fetched = await trigger.testFetch();
	expect(fetched.error).toBeUndefined();
	expect(fetched.emitted?.map((item) => item.contactId)).toEqual([54, 83, 85]);
	expect(fetched.emitted?.[0]).toEqual({
		changeId: expect.stringMatching(/^[0-9a-f]{16}$/),
		change: 'created',
		resource: 'contactCompany',
		contactId: 54,
		companies: [
			{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
			{ companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
			{ companyId: 9, isPrimary: false, sort: 120, roleId: 0 },
		],
		addedIds: [7, 8, 9],
		removedIds: [],
		primaryBefore: null,
		primaryAfter: 7,
	});
	expect(JSON.stringify(trigger.stored())).not.toMatch(/records/);
});

it('refuses at activation a poll interval the operating-time limit cannot sustain', async () => {
	const sandbox = suite.sandbox();
	await sandbox.control.setLimits({
		serverTime: { enabled: true, defaultMs: 0, byMethod: { 'crm.item.list': 245 } },
	});
	// One poll a minute, one list call of 245 ms, against 1 s in any 10 minutes: 245 % of the limit.
	const credentials = await storeFor(sandbox, 'webhook', {
		operatingLimitSeconds: 1,
		operatingWindowSeconds: 600,
	});
	const trigger = new PollHarness({
		nodeType: await triggerNode(),
		parameters: { authentication: 'webhook', resource: 'contactCompany', watch: 'all' },
		credentials,
		credentialType: 'bitrix24WebhookApi',
	});
	const activation = await trigger.poll(true);
	expect(activation.error?.message).toBe('Poll Times: the interval is too short');
	const description = String((activation.error as { description?: string }).description);
	expect(description).toMatch(/crm\.item\.list/);
	expect(description).toMatch(/Poll every 3 min or more/);
	expect(JSON.stringify(trigger.stored())).not.toMatch(/records/);
});
