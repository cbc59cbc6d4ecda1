/**
 * One portal, shared: while a big Set runs on the same webhook, the trigger's polls go on through
 * the same request bucket and operating-time accounts; no job item fails and no poll fails.
 */
import { PollHarness } from '../harness/run-poll';
import { CredentialStore, runNode, webhookCredentials } from '../harness';
import { useSandbox } from '../sandbox/test-helpers';
import { triggerNode } from './fixture';

const sandbox = useSandbox();
const BUCKET = { burst: 10, drainPerSec: 20 };
const CONTACTS = 400;

it('polls while a Set of 400 contacts runs on the same webhook, and both finish', async () => {
	await sandbox().control.setLimits({
		rate: { enabled: true, ...BUCKET },
		serverTime: { enabled: true, defaultMs: 1, byMethod: { 'crm.contact.company.items.set': 20 } },
	});
	const seeded = await sandbox().control.seed({
		contacts: Array.from({ length: CONTACTS }, (_, i) => ({ NAME: `Shared ${i}` })),
	});
	const credentials = new CredentialStore().set(
		'bitrix24WebhookApi',
		webhookCredentials(sandbox(), { burst: BUCKET.burst, requestsPerSecond: BUCKET.drainPerSec }),
	);
	const trigger = new PollHarness({
		nodeType: await triggerNode(),
		parameters: { authentication: 'webhook', resource: 'contactCompany', watch: 'all' },
		credentials,
		credentialType: 'bitrix24WebhookApi',
	});
	expect((await trigger.poll(true)).error).toBeUndefined();

	const job = runNode({
		parameters: {
			authentication: 'webhook',
			resource: 'contactCompany',
			operation: 'set',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
			companiesInput: 'json',
			companiesJson: '[8, 9]',
		},
		credentials,
		items: seeded.contacts.map((contactId) => ({ contactId })),
		continueOnFail: true,
	});
	const emitted: number[] = [];
	let polls = 0;
	let settled = false;
	void job.finally(() => (settled = true));
	while (!settled) {
		const polled = await trigger.poll();
		polls += 1;
		expect(polled.error).toBeUndefined();
		emitted.push(...(polled.emitted ?? []).map((item) => Number(item.contactId)));
	}
	const result = await job;
	expect(polls).toBeGreaterThanOrEqual(3);
	expect(result.error).toBeUndefined();
	expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	const last = await trigger.poll();
	expect(last.error).toBeUndefined();
	emitted.push(...(last.emitted ?? []).map((item) => Number(item.contactId)));
	// Every contact the Set changed was emitted once.
	expect(emitted.sort((a, b) => a - b)).toEqual(seeded.contacts);
	expect(
		await sandbox()
			.control.getLog()
			.then((log) => log.some((e) => e.status === 503)),
	).toBe(false);
});
