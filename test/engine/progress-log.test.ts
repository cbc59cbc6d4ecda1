/** A run that sits waiting for Bitrix24's limits says so in n8n's log, so it does not look hung. */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { getParameters, itemsFor, run, seedContacts } from './fixtures';

let sandbox: Sandbox;
let contacts: number[];

beforeEach(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, rate: { enabled: false } });
	contacts = await seedContacts(sandbox, 4);
});
afterEach(async () => await sandbox.close());

const waitingLines = (logs: Array<{ message: string }>) =>
	logs.map((line) => line.message).filter((text) => text.includes('waiting'));

it('logs a wait of 2 s or more for the request limit', async () => {
	// One request a second and no burst: four requests wait 0, then about 1, 2 and 3 s.
	const credentials = { rateLimitPlan: 'custom', requestsPerSecond: 1, burst: 1 };
	const result = await run(sandbox, getParameters({ batching: false }), itemsFor(contacts), {
		credentials,
	});

	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	expect(waitingLines(result.logs)).toEqual([
		expect.stringMatching(
			/^Bitrix24: [01] of 4 items done; waiting [23]\.\d s \(until \d\d:\d\d:\d\d UTC\) for the portal's request limit/,
		),
	]);
});

it('logs nothing about waiting when no wait reaches 2 s', async () => {
	const result = await run(sandbox, getParameters({ batching: false }), itemsFor(contacts));

	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	expect(waitingLines(result.logs)).toEqual([]);
});
