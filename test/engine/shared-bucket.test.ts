/**
 * Bitrix24 counts requests per portal, not per workflow: two executions running at once must draw
 * from one client-side bucket, so together they stay under the portal's limit.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { getParameters, itemsFor, restLog, run, seedContacts } from './fixtures';

/** The portal's bucket, and the node's limiter set to the same figures. */
const BUCKET = { burst: 10, drainPerSec: 5 };
const PACED = {
	rateLimitPlan: 'custom',
	requestsPerSecond: BUCKET.drainPerSec,
	burst: BUCKET.burst,
};

let sandbox: Sandbox;
let contacts: number[];

// A new sandbox per test is a new portal (origin), so the node's bucket for it starts empty.
beforeEach(async () => {
	sandbox = await startSandbox({
		port: 0,
		allowHttpWebhooks: true,
		rate: { enabled: true, ...BUCKET },
	});
	contacts = await seedContacts(sandbox, 450);
});
afterEach(async () => await sandbox.close());

/** 450 Get items are 9 batch requests: within the burst alone; together, well over it at 5/s. */
async function twoAtOnce(credentials: ICredentialDataDecryptedObject) {
	const parameters = getParameters({ retryDelayMs: 20, maxRetries: 20 });
	return await Promise.all([
		run(sandbox, parameters, itemsFor(contacts), { credentials }),
		run(sandbox, parameters, itemsFor(contacts), { credentials }),
	]);
}

it('two executions at once share the bucket: no request is refused and every item succeeds', async () => {
	const runs = await twoAtOnce(PACED);

	for (const result of runs) {
		expect(result.items).toHaveLength(450);
		expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	}
	const log = await restLog(sandbox);
	expect(log).toHaveLength(18);
	expect(log.filter((entry) => entry.status === 503)).toEqual([]);
});

it('without client pacing the same two executions are refused by the portal (and still recover)', async () => {
	const runs = await twoAtOnce({ rateLimitPlan: 'custom', requestsPerSecond: 1000, burst: 1000 });

	for (const result of runs)
		expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	const log = await restLog(sandbox);
	expect(log.filter((entry) => entry.status === 503).length).toBeGreaterThan(0);
	expect(log.filter((entry) => entry.status === 200)).toHaveLength(18);
});

it('a process that shares the portal with others keeps to its share of the bucket', async () => {
	// Two n8n processes share the portal: this one may use a burst of 5 (4 with one slot of
	// headroom), and the bucket drains so slowly that nothing more goes out within the 0.6 s
	// Max Wait for Limits.
	await sandbox.control.setLimits({ rate: { enabled: true, burst: 10, drainPerSec: 0.01 } });
	const shared = {
		rateLimitPlan: 'custom',
		requestsPerSecond: 0.01,
		burst: 10,
		sharingProcesses: 2,
	};
	const result = await run(
		sandbox,
		getParameters({ batching: false, maxLimitWaitMinutes: 0.01 }),
		itemsFor(contacts.slice(0, 8)),
		{
			credentials: shared,
		},
	);

	expect(await restLog(sandbox)).toHaveLength(4);
	expect(result.items.filter((item) => item.json.error === undefined)).toHaveLength(4);
	expect(
		result.items
			.slice(4)
			.every((item) => String(item.json.description).includes('Max Wait for Limits')),
	).toBe(true);
});
