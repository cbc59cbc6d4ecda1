/**
 * 503 QUERY_LIMIT_EXCEEDED: sent again once the bucket has drained. That is pacing, not a retry:
 * Max Retries does not apply, only Max Wait for Limits, and a clear per-item error when it is reached.
 */
import type { Sandbox } from '../sandbox/server';
import {
	commandsPerRequest,
	getParameters,
	itemsFor,
	pairedIndex,
	restLog,
	run,
	useSeededSandbox,
} from './fixtures';

const queryLimit = {
	kind: 'status' as const,
	status: 503,
	body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
};

let sandbox: Sandbox;
let contacts: number[];
const portal = useSeededSandbox(120);
beforeEach(() => ({ sandbox, contacts } = portal));

it('rides out a storm of 503s and then succeeds for every item, with Max Retries at 0', async () => {
	await sandbox.control.injectFault({ match: { method: 'batch' }, count: 4, fault: queryLimit });
	const result = await run(
		sandbox,
		getParameters({ maxRetries: 0, maxRetryWaitSeconds: 0 }),
		itemsFor(contacts.slice(0, 60)),
	);

	expect(result.items).toHaveLength(60);
	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	expect(result.items.map(pairedIndex)).toEqual(contacts.slice(0, 60).map((_, index) => index));
	const log = await restLog(sandbox);
	expect(log.filter((entry) => entry.status === 503)).toHaveLength(4);
	// 60 commands spread over the 8 lanes (7 or 8 each), each batch answered once it got through:
	// nothing was sent twice after success.
	const answered = commandsPerRequest(log.filter((entry) => entry.status === 200));
	expect([...answered].sort()).toEqual([7, 7, 7, 7, 8, 8, 8, 8]);
	const keys = log
		.filter((entry) => entry.status === 200)
		.flatMap((entry) => (entry.subCalls ?? []).map((call) => call.key));
	expect(new Set(keys).size).toBe(60);
});

it("recovers from the sandbox's own bucket when the node's limiter does not know the portal's limit", async () => {
	// The credential says 1000/s (fixtures' default) but the portal allows a burst of 2 at 20/s.
	await sandbox.control.setLimits({ rate: { enabled: true, burst: 2, drainPerSec: 20 } });
	const result = await run(
		sandbox,
		getParameters({ batching: false, maxRetries: 20, retryDelayMs: 20 }),
		itemsFor(contacts.slice(0, 8)),
	);

	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	const log = await restLog(sandbox);
	expect(log.filter((entry) => entry.status === 200)).toHaveLength(8);
	expect(log.some((entry) => entry.status === 503)).toBe(true);
});

/** 20 requests a second with a burst of 5: a 503 that never lifts is met at most that often. */
const plan = { rateLimitPlan: 'custom', requestsPerSecond: 20, burst: 5 };
const NEVER_LIFTS = 10_000;
/** 0.02 min = 1.2 s of waiting for limits, then the items not done fail. */
const shortBound = { maxRetries: 0, maxLimitWaitMinutes: 0.02 };

it('waits out a 503 that never lifts only as long as Max Wait for Limits, then fails every item of the batch, saying so', async () => {
	await sandbox.control.injectFault({
		match: { method: 'batch' },
		count: NEVER_LIFTS,
		fault: queryLimit,
	});
	const result = await run(sandbox, getParameters(shortBound), itemsFor(contacts.slice(0, 5)), {
		credentials: plan,
	});

	// Paced, not hammered: no faster than the plan's rate over the 1.2 s, after its burst (slower
	// still once the refusals show others fill the bucket).
	const requests = (await restLog(sandbox)).length;
	expect(requests).toBeGreaterThanOrEqual(1);
	expect(requests).toBeLessThanOrEqual(5 + 1.2 * 20 + 1);
	expect(result.items).toHaveLength(5);
	result.items.forEach((item, index) => {
		expect(pairedIndex(item)).toBe(index);
		expect(item.json).toMatchObject({
			error: "Bitrix24's request limit was still exceeded",
			description: expect.stringMatching(
				/The portal's request limit would let the next request through at about \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, later than this execution may wait for limits \(Max Wait for Limits is 0\.02 min\)\..*raise Max Wait for Limits/,
			),
			httpCode: '503',
		});
	});
});

it('stops the run with the item index when continue-on-fail is off', async () => {
	await sandbox.control.injectFault({
		match: { method: 'crm.contact.company.items.get' },
		count: NEVER_LIFTS,
		fault: queryLimit,
	});
	const result = await run(sandbox, getParameters(shortBound), itemsFor(contacts.slice(0, 1)), {
		continueOnFail: false,
		credentials: plan,
	});

	expect(result.error?.message).toBe("Bitrix24's request limit was still exceeded");
	expect(result.error?.description).toContain('Max Wait for Limits is 0.02 min');
});
