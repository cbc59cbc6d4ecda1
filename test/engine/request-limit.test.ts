/**
 * 503 QUERY_LIMIT_EXCEEDED: retried after the bucket's drain interval, bounded by Max Retries,
 * and a clear per-item error when the bound is reached.
 */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { commandsPerRequest, getParameters, itemsFor, pairedIndex, restLog, run, seedContacts } from './fixtures';

const queryLimit = {
	kind: 'status' as const,
	status: 503,
	body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
};

let sandbox: Sandbox;
let contacts: number[];

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, rate: { enabled: false } });
	contacts = await seedContacts(sandbox, 120);
});
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.control.clearFaults();
	await sandbox.control.setLimits({ rate: { enabled: false } });
	await sandbox.control.clearLog();
});

it('rides out a storm of 503s and then succeeds for every item, within Max Retries', async () => {
	await sandbox.control.injectFault({ match: { method: 'batch' }, count: 4, fault: queryLimit });
	const result = await run(sandbox, getParameters({ maxRetries: 5, retryDelayMs: 20 }), itemsFor(contacts.slice(0, 60)));

	expect(result.items).toHaveLength(60);
	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	expect(result.items.map(pairedIndex)).toEqual(contacts.slice(0, 60).map((_, index) => index));
	const log = await restLog(sandbox);
	expect(log.filter((entry) => entry.status === 503)).toHaveLength(4);
	// Two batches (50 + 10), each answered once it got through: nothing was sent twice after success.
	expect(commandsPerRequest(log.filter((entry) => entry.status === 200))).toEqual(expect.arrayContaining([50, 10]));
	expect(log.filter((entry) => entry.status === 200)).toHaveLength(2);
});

it("recovers from the sandbox's own bucket when the node's limiter does not know the portal's limit", async () => {
	// The credential says 1000/s (fixtures' default) but the portal allows a burst of 2 at 20/s.
	await sandbox.control.setLimits({ rate: { enabled: true, burst: 2, drainPerSec: 20 } });
	const result = await run(sandbox, getParameters({ batching: false, maxRetries: 20, retryDelayMs: 20 }), itemsFor(contacts.slice(0, 8)));

	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	const log = await restLog(sandbox);
	expect(log.filter((entry) => entry.status === 200)).toHaveLength(8);
	expect(log.some((entry) => entry.status === 503)).toBe(true);
});

it('gives up after Max Retries with an error on every item of the batch', async () => {
	await sandbox.control.injectFault({ match: { method: 'batch' }, count: 10, fault: queryLimit });
	const result = await run(sandbox, getParameters({ maxRetries: 2, retryDelayMs: 20 }), itemsFor(contacts.slice(0, 5)));

	// The first try and two retries, then no more.
	expect(await restLog(sandbox)).toHaveLength(3);
	expect(result.items).toHaveLength(5);
	result.items.forEach((item, index) => {
		expect(pairedIndex(item)).toBe(index);
		expect(item.json).toMatchObject({
			error: "Bitrix24's request limit was still exceeded",
			description: expect.stringContaining('Gave up after 2 retries (Max Retries is 2).'),
			httpCode: '503',
		});
	});
});

it('stops the run with the item index when continue-on-fail is off', async () => {
	await sandbox.control.injectFault({ match: { method: 'crm.contact.company.items.get' }, count: 10, fault: queryLimit });
	const result = await run(sandbox, getParameters({ maxRetries: 1, retryDelayMs: 20 }), itemsFor(contacts.slice(0, 1)), {
		continueOnFail: false,
	});

	expect(await restLog(sandbox)).toHaveLength(2);
	expect(result.error?.message).toBe("Bitrix24's request limit was still exceeded");
	expect(result.error?.description).toContain('Gave up after 1 retry (Max Retries is 1).');
});
