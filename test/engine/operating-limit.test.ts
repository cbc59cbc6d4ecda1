/**
 * 429 OPERATION_TIME_LIMIT: the engine waits until the method's window frees up (the time comes
 * from `operating_reset_at` of earlier answers) when that is within Max Retry Wait; otherwise the
 * blocked items fail at once with the time the method unblocks.
 */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { getParameters, itemsFor, pairedIndex, restLog, run, seedContacts } from './fixtures';

let sandbox: Sandbox;
let contacts: number[];

/** Five items.get calls fit in the window (100 ms each against 450 ms); the sixth is blocked. */
const operating = (windowMs: number) => ({ enabled: true, limitMs: 450, windowMs, costMs: 100 });

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, rate: { enabled: false } });
});
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.control.reset();
	contacts = await seedContacts(sandbox, 10);
	await sandbox.control.clearLog();
});

const blocked = (entry: { subCalls?: Array<{ error?: string }> }) =>
	(entry.subCalls ?? []).filter((call) => call.error === 'OPERATION_TIME_LIMIT').length;

it('waits for the window when it frees up within Max Retry Wait, then every item succeeds', async () => {
	await sandbox.control.setLimits({ operating: operating(2_000) });
	const result = await run(sandbox, getParameters({ maxRetryWaitSeconds: 10 }), itemsFor(contacts));

	expect(result.items.map(pairedIndex)).toEqual(contacts.map((_, index) => index));
	result.items.forEach((item, index) => expect(item.json.contactId).toBe(contacts[index]));
	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	// One batch: 5 answered, 5 blocked; after the wait, the 5 blocked ones again, all answered.
	const log = await restLog(sandbox);
	expect(log.map((entry) => [entry.subCalls?.length, blocked(entry)])).toEqual([
		[10, 5],
		[5, 0],
	]);
	// The wait (the window's reset plus a second, about 3 s) is reported in n8n's log.
	expect(result.logs.map((line) => line.message)).toContainEqual(
		expect.stringMatching(/^Bitrix24: 5 of 10 items done; waiting \d+\.\d s for the method's operating-time limit$/),
	);
});

it('fails the blocked items at once, saying when the method unblocks, when that is past Max Retry Wait', async () => {
	await sandbox.control.setLimits({ operating: operating(60_000) });
	const startedAt = Date.now();
	const result = await run(sandbox, getParameters({ maxRetryWaitSeconds: 5 }), itemsFor(contacts));
	const endedAt = Date.now();

	expect(await restLog(sandbox)).toHaveLength(1);
	expect(result.items.map(pairedIndex)).toEqual(contacts.map((_, index) => index));
	expect(result.items.slice(0, 5).every((item) => item.json.error === undefined)).toBe(true);
	for (const item of result.items.slice(5)) {
		expect(item.json.error).toBe('Bitrix24 has blocked crm.contact.company.items.get for a while (operating-time limit)');
		const when = /It unblocks at about (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC, later than the node may wait \(Max Retry Wait is 5 s\)\./.exec(
			String(item.json.description),
		);
		expect(when).not.toBeNull();
		// The window is 60 s from the first call; the engine adds a second of margin.
		const unblocksAt = Date.parse(`${when?.[1].replace(' ', 'T')}Z`);
		expect(unblocksAt).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000 + 60_000);
		expect(unblocksAt).toBeLessThanOrEqual(endedAt + 62_000);
	}
});

it('fails a lone blocked call at once when Bitrix24 never said when the window frees up', async () => {
	// A portal this process has not talked to yet, so no operating_reset_at is known.
	const fresh = await startSandbox({ port: 0, allowHttpWebhooks: true, rate: { enabled: false } });
	try {
		await fresh.control.injectFault({
			match: { method: 'crm.contact.company.items.get' },
			count: 1,
			fault: {
				kind: 'status',
				status: 429,
				body: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' },
			},
		});
		const result = await run(fresh, getParameters({ maxRetryWaitSeconds: 5 }), itemsFor([54]));

		expect(await restLog(fresh)).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			error: 'Bitrix24 has blocked crm.contact.company.items.get for a while (operating-time limit)',
			description: expect.stringContaining('It unblocks within 10 minutes, later than the node may wait (Max Retry Wait is 5 s).'),
			httpCode: '429',
		});
	} finally {
		await fresh.close();
	}
});
