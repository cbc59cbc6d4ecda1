/**
 * The operating-time limit (b24restdocs limits.md): the engine learns each method's account from
 * `operating` in every answer and holds that method's commands back before its budget runs out,
 * while commands of other methods go on. Waiting is pacing: Max Retries and Max Retry Wait do not
 * apply, only Max Wait for Limits.
 */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import type { LogEntry } from '../sandbox/types';
import { getParameters, itemsFor, pairedIndex, restLog, run, seedContacts, setParameters } from './fixtures';

let sandbox: Sandbox;
let contacts: number[];

const ITEMS_SET = 'crm.contact.company.items.set';
const ITEMS_GET = 'crm.contact.company.items.get';

/**
 * A 3 s window in baskets of 300 ms, 1 s of each method's time in it: 50 items.set calls at 20 ms.
 * Reads cost 5 ms. Nothing else limits.
 */
const limits = {
	rate: { enabled: false },
	operating: { enabled: true, limitMs: 1_000, windowMs: 3_000 },
	serverTime: { enabled: true, defaultMs: 5, byMethod: { [ITEMS_SET]: 20 } },
};
/** The node is told the same window (Bitrix24's are 480 s in 600 s). */
const window = { rateLimitPlan: 'custom', requestsPerSecond: 1_000, burst: 1_000, operatingLimitSeconds: 1, operatingWindowSeconds: 3 };
/** Each test has a webhook of its own: the portal, and the engine, keep a budget per webhook. */
let credentials: typeof window & { webhookSecretUrl: string };
let webhookUrl: string;
/** Set without the read-back: one items.set command per item. */
const setOnly = (options = {}) => setParameters({ returnBindings: false, ...options });

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, ...limits });
	contacts = await seedContacts(sandbox, 200);
});

afterAll(async () => await sandbox.close());
beforeEach(async () => {
	await sandbox.control.reset();
	await sandbox.control.setLimits(limits);
	await seedContacts(sandbox, 200);
	webhookUrl = (await sandbox.control.createWebhook()).url;
	credentials = { ...window, webhookSecretUrl: webhookUrl };
	await sandbox.control.clearLog();
});

/** Commands the portal refused for operating time, across the log. */
const refused = (log: LogEntry[]) =>
	log.flatMap((entry) => [entry.error, ...(entry.subCalls ?? []).map((call) => call.error)]).filter((error) => error === 'OPERATION_TIME_LIMIT')
		.length;
const commandsOf = (entry: LogEntry, method: string) =>
	entry.method === method ? 1 : (entry.subCalls ?? []).filter((call) => call.method === method).length;
const withCompanies = (id: number) => ({ companies: [7 + (id % 5)] });

it('spreads a job larger than the budget over the windows, with no command refused and no retry spent', async () => {
	// 150 items.set calls at 20 ms = 3 s of items.set time: three budgets of 1 s.
	const items = itemsFor(contacts.slice(0, 150), withCompanies);
	const result = await run(sandbox, setOnly({ maxRetries: 0, maxRetryWaitSeconds: 0 }), items, { credentials });

	expect(result.items.map(pairedIndex)).toEqual(items.map((_, index) => index));
	expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	const log = await restLog(sandbox);
	expect(refused(log)).toBe(0);
	expect(log.reduce((sum, entry) => sum + commandsOf(entry, ITEMS_SET), 0)).toBe(150);
	const state = await sandbox.control.getState();
	for (const id of contacts.slice(0, 150)) expect(state.bindings[id].map((binding) => binding.COMPANY_ID)).toEqual([7 + (id % 5)]);
	// The wait was reported in n8n's log, with progress and when it ends.
	expect(result.logs.map((line) => line.message)).toContainEqual(
		expect.stringMatching(
			new RegExp(`^Bitrix24: \\d+ of 150 items done; waiting \\d+\\.\\d s \\(until \\d\\d:\\d\\d:\\d\\d UTC\\) for the operating-time limit of ${ITEMS_SET.replace(/\./g, '\\.')}`),
		),
	);
});

it('holds back one method while commands of another method go on', async () => {
	// Spend items.set's budget; the engine learns it from the answers.
	await run(sandbox, setOnly(), itemsFor(contacts.slice(0, 50), withCompanies), { credentials });
	await sandbox.control.clearLog();

	const sets = run(sandbox, setOnly(), itemsFor(contacts.slice(50, 100), withCompanies), { credentials });
	const gets = run(sandbox, getParameters(), itemsFor(contacts.slice(100, 200)), { credentials });
	const [setResult, getResult] = await Promise.all([sets, gets]);

	expect(setResult.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	expect(getResult.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	const log = await restLog(sandbox);
	expect(refused(log)).toBe(0);
	// Every read went out before the first held-back change: the reads did not wait for items.set's window.
	const lastRead = Math.max(...log.filter((entry) => commandsOf(entry, ITEMS_GET) > 0).map((entry) => entry.seq));
	const firstChange = Math.min(...log.filter((entry) => commandsOf(entry, ITEMS_SET) > 0).map((entry) => entry.seq));
	expect(lastRead).toBeLessThan(firstChange);
});

it('waits out a refusal caused by someone else on the same webhook, then goes on, with Max Retry Wait far shorter than the window', async () => {
	// Another integration on the same webhook spends items.get's budget: 200 calls at 5 ms.
	for (let call = 0; call < 201; call++) {
		const answer = await fetch(`${webhookUrl}${ITEMS_GET}.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: contacts[0] }),
		});
		if (answer.status === 429) break;
	}
	const result = await run(sandbox, getParameters({ maxRetries: 0, maxRetryWaitSeconds: 0.1 }), itemsFor(contacts.slice(0, 80)), { credentials });

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
	// 80 calls at 20 ms: 50 fit the budget, 30 would wait about a minute; the bound is 1.2 s.
	const result = await run(sandbox, setOnly({ maxLimitWaitMinutes: 0.02 }), itemsFor(contacts.slice(0, 80), withCompanies), {
		credentials: slow,
	});

	expect(refused(await restLog(sandbox))).toBe(0);
	const done = result.items.filter((item) => item.json.error === undefined);
	const held = result.items.filter((item) => item.json.error !== undefined);
	expect(done.length).toBeGreaterThanOrEqual(40);
	expect(done.length + held.length).toBe(80);
	expect(held.length).toBeGreaterThan(0);
	for (const item of held) {
		expect(item.json.error).toBe(`Bitrix24 has blocked ${ITEMS_SET} for a while (operating-time limit)`);
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
