/**
 * A portal stricter than its credential: the credential states 1 s of each method in any 3 s
 * (as a cloud plan states 480 s in 10 minutes), and the portal allows a quarter of it (a
 * self-hosted portal, another tariff, or another client spending the same webhook's time). The
 * first refusals tell the engine the real limit; it paces to it from then on, for the process's life.
 */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import type { LogEntry } from '../sandbox/types';
import { itemsFor, restLog, run, seedContacts, setParameters } from './fixtures';

const ITEMS_SET = 'crm.contact.company.items.set';
const REAL_LIMIT_MS = 250;
const WINDOW_MS = 3_000;
const CALL_MS = 2;
const ITEMS = 450;

let sandbox: Sandbox;
let contacts: number[];

beforeAll(async () => {
	sandbox = await startSandbox({
		port: 0,
		allowHttpWebhooks: true,
		rate: { enabled: false },
		operating: { enabled: true, limitMs: REAL_LIMIT_MS, windowMs: WINDOW_MS },
		serverTime: { enabled: true, defaultMs: 1, byMethod: { [ITEMS_SET]: CALL_MS } },
	});
	contacts = await seedContacts(sandbox, ITEMS);
});
afterAll(async () => await sandbox.close());

const refusedCommands = (entry: LogEntry) =>
	(entry.subCalls ?? []).filter((call) => call.error === 'OPERATION_TIME_LIMIT').length;

it('learns the real limit from the first refusals and paces to it: few refusals after', async () => {
	const webhookSecretUrl = (await sandbox.control.createWebhook()).url;
	const credentials = {
		webhookSecretUrl,
		rateLimitPlan: 'custom',
		requestsPerSecond: 1_000,
		burst: 1_000,
		operatingLimitSeconds: (4 * REAL_LIMIT_MS) / 1000,
		operatingWindowSeconds: WINDOW_MS / 1000,
	};
	const items = itemsFor(contacts, (id) => ({ companies: [7 + (id % 5)] }));
	const started = Date.now();
	const result = await run(sandbox, setParameters({ returnBindings: false }), items, {
		credentials,
	});
	const wallMs = Date.now() - started;

	expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
	const log = await restLog(sandbox);
	const firstRefused = log.findIndex((entry) => refusedCommands(entry) > 0);
	expect(firstRefused).toBeGreaterThanOrEqual(0);
	// The requests in flight when the first refusal came may be refused too; none after them.
	const afterLearning = log.slice(firstRefused + 8).reduce((sum, e) => sum + refusedCommands(e), 0);
	expect(afterLearning).toBeLessThanOrEqual(5);
	// The wall time against the real limit's bound is printed, not asserted (timings vary on shared
	// machines): ceil(C / (L + c)) − 1 windows, C = 450 × 2 ms (bounds.ts).
	const boundMs = (Math.ceil((ITEMS * CALL_MS) / (REAL_LIMIT_MS + CALL_MS)) - 1) * WINDOW_MS;
	console.log(
		`stricter portal: ${wallMs} ms, ${(wallMs / boundMs).toFixed(2)} × the bound of ${boundMs} ms`,
	);
});
