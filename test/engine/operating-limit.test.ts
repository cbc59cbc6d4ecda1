/**
 * The operating-time limit (b24restdocs limits.md): the engine learns each method's account from
 * `operating` in every answer and holds that method's commands back before its budget runs out,
 * while commands of other methods go on. Waiting is pacing: Max Retries and Max Retry Wait do not
 * apply, only Max Wait for Limits.
 */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import type { LogEntry } from '../sandbox/types';
import {
	getParameters,
	itemsFor,
	pairedIndex,
	restLog,
	run,
	seedContacts,
	setParameters,
} from './fixtures';

let sandbox: Sandbox;
let contacts: number[];

const ITEMS_SET = 'crm.contact.company.items.set';
const ITEMS_GET = 'crm.contact.company.items.get';

/**
 * A 3 s window in baskets of 300 ms, 1 s of each method's time in it: 500 items.set calls at 2 ms.
 * Reads cost 1 ms. Nothing else limits. As on a portal (480 s against 21 s for a batch of 50
 * items.set), the first requests of the node's 8 lanes, sent before any answer tells the budget,
 * fit in it: 8 × 50 × 2 ms.
 */
const limits = {
	rate: { enabled: false },
	operating: { enabled: true, limitMs: 1_000, windowMs: 3_000 },
	serverTime: { enabled: true, defaultMs: 1, byMethod: { [ITEMS_SET]: 2 } },
};
/** The node is told the same window (Bitrix24's are 480 s in 600 s). */
const window = {
	rateLimitPlan: 'custom',
	requestsPerSecond: 1_000,
	burst: 1_000,
	operatingLimitSeconds: 1,
	operatingWindowSeconds: 3,
};
/** Each test has a webhook of its own: the portal, and the engine, keep a budget per webhook. */
let credentials: typeof window & { webhookSecretUrl: string };
let webhookUrl: string;
/** Set without the read-back: one items.set command per item. */
const setOnly = (options = {}) => setParameters({ returnBindings: false, ...options });

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, ...limits });
	contacts = await seedContacts(sandbox, 1_500);
});

afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.control.reset();
	await sandbox.control.setLimits(limits);
	await seedContacts(sandbox, 1_500);
	webhookUrl = (await sandbox.control.createWebhook()).url;
	credentials = { ...window, webhookSecretUrl: webhookUrl };
	await sandbox.control.clearLog();
});

/** Commands the portal refused for operating time, across the log. */
const refused = (log: LogEntry[]) =>
	log
		.flatMap((entry) => [entry.error, ...(entry.subCalls ?? []).map((call) => call.error)])
		.filter((error) => error === 'OPERATION_TIME_LIMIT').length;
const commandsOf = (entry: LogEntry, method: string) =>
	entry.method === method
		? 1
		: (entry.subCalls ?? []).filter((call) => call.method === method).length;
const withCompanies = (id: number) => ({ companies: [7 + (id % 5)] });

/** A longer window, on the portal and in the credential, so nothing leaves it while a test looks. */
async function useWindow(windowMs: number): Promise<void> {
	await sandbox.control.setLimits({ operating: { ...limits.operating, windowMs } });
	credentials = { ...credentials, operatingWindowSeconds: windowMs / 1000 };
}

it('spreads a job larger than the budget over the windows, with no command refused and no retry spent', async () => {
	// 1,250 items.set calls at 2 ms = 2.5 s of items.set time: three budgets of 1 s.
	const items = itemsFor(contacts.slice(0, 1_250), withCompanies);
	const result = await run(sandbox, setOnly({ maxRetries: 0, maxRetryWaitSeconds: 0 }), items, {
		credentials,
	});

	expect(result.items.map(pairedIndex)).toEqual(items.map((_, index) => index));
	expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	const log = await restLog(sandbox);
	expect(refused(log)).toBe(0);
	expect(log.reduce((sum, entry) => sum + commandsOf(entry, ITEMS_SET), 0)).toBe(1_250);
	const state = await sandbox.control.getState();
	for (const id of contacts.slice(0, 1_250))
		expect(state.bindings[id].map((binding) => binding.COMPANY_ID)).toEqual([7 + (id % 5)]);
	// The wait was reported in n8n's log, with progress and when it ends.
	expect(result.logs.map((line) => line.message)).toContainEqual(
		expect.stringMatching(
			new RegExp(
				`^Bitrix24: \\d+ of 1250 items done; waiting \\d+\\.\\d s \\(until \\d\\d:\\d\\d:\\d\\d UTC\\) for the operating-time limit of ${ITEMS_SET.replace(/\./g, '\\.')}`,
			),
		),
	);
});

it('holds back one method while commands of another method go on', async () => {
	await useWindow(60_000);
	// Spend items.set's budget up to where no further batch fits (990 of 1,000 ms); the engine
	// learns it from the answers.
	await run(sandbox, setOnly(), itemsFor(contacts.slice(0, 495), withCompanies), { credentials });
	await sandbox.control.clearLog();

	// The changes wait for a window that frees up a minute later, past their Max Wait for Limits of
	// 0.6 s; the reads go on meanwhile.
	const sets = run(
		sandbox,
		setOnly({ maxLimitWaitMinutes: 0.01 }),
		itemsFor(contacts.slice(495, 595), withCompanies),
		{ credentials },
	);
	const gets = run(sandbox, getParameters(), itemsFor(contacts.slice(595, 795)), { credentials });
	const [setResult, getResult] = await Promise.all([sets, gets]);

	expect(getResult.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	expect(
		setResult.items.every((item) =>
			String(item.json.description).includes(`${ITEMS_SET} has room again at about`),
		),
	).toBe(true);
	const log = await restLog(sandbox);
	expect(refused(log)).toBe(0);
	expect(log.reduce((sum, entry) => sum + commandsOf(entry, ITEMS_SET), 0)).toBe(0);
	expect(log.reduce((sum, entry) => sum + commandsOf(entry, ITEMS_GET), 0)).toBe(200);
});

it('waits out a refusal caused by someone else on the same webhook, then goes on, with Max Retry Wait far shorter than the window', async () => {
	await useWindow(10_000);
	await sandbox.control.setLimits({
		serverTime: {
			...limits.serverTime,
			byMethod: { ...limits.serverTime.byMethod, [ITEMS_GET]: 10 },
		},
	});
	// Another integration on the same webhook spends items.get's budget: 100 calls at 10 ms.
	for (let call = 0; call < 1_000; call++) {
		const answer = await fetch(`${webhookUrl}${ITEMS_GET}.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: contacts[0] }),
		});
		if (answer.status === 429) break;
	}
	const result = await run(
		sandbox,
		getParameters({ maxRetries: 0, maxRetryWaitSeconds: 0.1 }),
		itemsFor(contacts.slice(0, 80)),
		{ credentials },
	);

	expect(result.items.map(pairedIndex)).toEqual(contacts.slice(0, 80).map((_, index) => index));
	expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	const log = (await restLog(sandbox)).filter((entry) => entry.method === 'batch');
	// The first request met the neighbour's block; the engine waited for the window and went on.
	expect(refused(log.slice(0, 1))).toBeGreaterThan(0);
	expect(log.length).toBeGreaterThan(1);
});

it('past Max Wait for Limits, fails the items not done, each saying when its method has room again', async () => {
	const longWindow = { operating: { enabled: true, limitMs: 1_000, windowMs: 60_000 } };
	await sandbox.control.setLimits(longWindow);
	const slow = { ...credentials, operatingWindowSeconds: 60 };
	const startedAt = Date.now();
	// 700 calls at 2 ms: 500 fit the budget, 200 would wait about a minute; the bound is 1.2 s.
	const result = await run(
		sandbox,
		setOnly({ maxLimitWaitMinutes: 0.02 }),
		itemsFor(contacts.slice(0, 700), withCompanies),
		{
			credentials: slow,
		},
	);

	expect(refused(await restLog(sandbox))).toBe(0);
	const done = result.items.filter((item) => item.json.error === undefined);
	const held = result.items.filter((item) => item.json.error !== undefined);
	expect(done.length).toBeGreaterThanOrEqual(400);
	expect(done.length + held.length).toBe(700);
	expect(held.length).toBeGreaterThan(0);
	for (const item of held) {
		expect(item.json.error).toBe(
			`Bitrix24 has blocked ${ITEMS_SET} for a while (operating-time limit)`,
		);
		const when = new RegExp(
			`${ITEMS_SET.replace(/\./g, '\\.')} has room again at about (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC, later than this execution may wait for limits \\(Max Wait for Limits is 0\\.02 min\\)\\.`,
		).exec(String(item.json.description));
		expect(when).not.toBeNull();
		// The first basket leaves one window (60 s) after the run began.
		const freeAt = Date.parse(`${when?.[1].replace(' ', 'T')}Z`);
		expect(freeAt).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000 + 59_000);
		expect(freeAt).toBeLessThanOrEqual(Date.now() + 61_000);
	}
});
