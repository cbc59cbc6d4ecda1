/**
 * n8n in queue mode, started by `npm run start:queue`'s own script: main + two workers on
 * PostgreSQL and Redis, the sandbox behind them with the bench's bucket (Bitrix24's standard plan
 * on a ten-times clock) and the node's credential on the matching custom plan. Concurrent calls of
 * a production webhook feed Bitrix24 Set; every execution must succeed, both workers must run some,
 * and the portal must end up holding exactly what was asked, each contact changed once. No log of
 * the stack may show a secret. Then Ctrl-C must leave nothing running.
 *
 * The share of requests answered 503, the operating-time refusals and the wall time against the
 * bucket's bound are measured and reported (test-results/queue-mode/), not asserted: they are
 * figures of the engine, not of correctness.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SPEEDUP } from '../../bench/scenario';
import { runQueueLoad, type QueueLoadResult } from '../../bench/queue/queue-scenario';
import { REPLACED_COMPANY } from '../../bench/queue/load';
import { buildReport, figureLines, writeReport } from '../../bench/queue/render';
import { ARTIFACTS_DIR, SETUP_TIMEOUT_MS } from '../e2e-fixture';
import { SandboxControl } from '../../sandbox/control-client';
import { findLeaks, sandboxSecrets } from '../leak-check';
import { launchQueueStack, type LaunchedStack, type StopOutcome } from './launcher';

const CALLS = 8;
const ITEMS_PER_CALL = 250;
const LOAD_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 2 * 60_000;
const REPORT_DIR = join(ARTIFACTS_DIR, 'queue-mode');

let dataDir: string;
let stack: LaunchedStack | undefined;
let load: QueueLoadResult;
let stopped: StopOutcome | undefined;

beforeAll(async () => {
	mkdirSync(REPORT_DIR, { recursive: true });
	dataDir = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	// PostgreSQL runs as its own user, which must be able to reach its folder inside this one.
	chmodSync(dataDir, 0o755);
	stack = await launchQueueStack({
		dataDir,
		sandboxSpeedup: SPEEDUP,
		outputFile: join(REPORT_DIR, 'start-queue.log'),
		// Before jest's own timeout, so that a stack too slow to start is still stopped here.
		readyTimeoutMs: SETUP_TIMEOUT_MS - 60_000,
	});
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	if (stack && !stopped) {
		stopped = await stack.interrupt(STOP_TIMEOUT_MS).catch(() => undefined);
		stack.kill();
	}
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, STOP_TIMEOUT_MS + 30_000);

describe('n8n in queue mode: main, two workers, one portal', () => {
	it(
		`runs ${CALLS} concurrent webhook calls of ${ITEMS_PER_CALL} items on both workers, every contact bound once and right`,
		async () => {
			load = await runQueueLoad(stack!.info, {
				calls: CALLS,
				itemsPerCall: ITEMS_PER_CALL,
				warmUpCalls: 4,
				callTimeoutMs: LOAD_TIMEOUT_MS,
			});
			const report = buildReport(
				`npx jest test/n8n/queue`,
				load.figures,
				stack!.info.workerConcurrency,
				process.env.N8N_EXPRESSION_ENGINE ?? "vm (n8n's default)",
			);
			writeReport(REPORT_DIR, report);
			console.log(
				['Queue mode, measured (not asserted):', ...figureLines(load.figures)].join('\n  '),
			);

			// Each call answered with one output item per contact, in order, holding the companies asked for.
			load.run.answers.forEach((answer, call) => {
				expect({ call, status: answer.status }).toEqual({ call, status: 200 });
				const items = answer.body as Array<{
					contactId: number;
					companies: Array<{ companyId: number }>;
				}>;
				expect(items.map((item) => item.contactId)).toEqual(
					load.plan[call].map((c) => c.contactId),
				);
				expect(items.map((item) => item.companies.map((company) => company.companyId))).toEqual(
					load.plan[call].map((c) => c.companies),
				);
			});

			// Every execution ended in success, as PostgreSQL has it.
			expect(load.executions).toHaveLength(CALLS);
			expect(load.executions.filter((e) => e.status !== 'success')).toEqual([]);

			// Both workers ran some, and between them exactly the stored executions, each once.
			const workerNames = stack!.info.processes.filter((p) => p.name !== 'main').map((p) => p.name);
			expect(Object.keys(load.byWorker).sort()).toEqual(workerNames.sort());
			for (const name of workerNames)
				expect({ name, ran: load.byWorker[name].length > 0 }).toEqual({ name, ran: true });
			expect(Object.values(load.byWorker).flat().sort()).toEqual(
				load.executions.map((e) => e.id).sort(),
			);

			// The portal holds exactly the companies asked for: the first primary, the one bound before gone.
			const wrong = load.plan.flat().filter(({ contactId, companies }) => {
				const bindings = load.state.bindings[String(contactId)] ?? [];
				const held = bindings.map((b) => [Number(b.COMPANY_ID), b.IS_PRIMARY]);
				return (
					JSON.stringify(held) !==
					JSON.stringify([
						[companies[0], 'Y'],
						[companies[1], 'N'],
					])
				);
			});
			expect(
				wrong.map((c) => ({
					contactId: c.contactId,
					held: load.state.bindings[String(c.contactId)],
				})),
			).toEqual([]);
			expect(load.plan.flat().some((c) => c.companies.includes(REPLACED_COMPANY))).toBe(false);

			// Each contact's Set ran on the portal exactly once (a 503 refuses a whole request unrun).
			const runs = new Map<number, number>();
			for (const entry of load.log.filter((e) => e.status === 200)) {
				for (const sub of entry.subCalls ?? []) {
					if (sub.method !== 'crm.contact.company.items.set' || sub.error) continue;
					const id = Number(sub.params.id);
					runs.set(id, (runs.get(id) ?? 0) + 1);
				}
			}
			const notOnce = load.plan.flat().filter(({ contactId }) => runs.get(contactId) !== 1);
			expect(
				notOnce.map((c) => ({ contactId: c.contactId, runs: runs.get(c.contactId) ?? 0 })),
			).toEqual([]);
			expect(runs.size).toBe(CALLS * ITEMS_PER_CALL);
		},
		LOAD_TIMEOUT_MS + 2 * 60_000,
	);

	it('shows no secret in any log of the stack (main, workers, the imports, the launcher)', async () => {
		const info = stack!.info;
		const { webhookSecret, oauth } = (await (await fetch(info.sandbox.controlUrl)).json()) as {
			webhookSecret: string;
			oauth: { clientSecret: string };
		};
		const secrets = await sandboxSecrets({
			webhookSecret,
			oauth,
			control: new SandboxControl(info.sandbox.baseUrl),
		});
		const logFiles = [
			...info.processes.map((p) => p.logFile),
			join(info.dataDir, 'logs', 'cli.log'),
		];
		const texts = logFiles
			.filter((file) => existsSync(file))
			.map((file) => ({ where: file, text: readFileSync(file, 'utf8') }));
		expect(texts).toHaveLength(logFiles.length);
		expect(
			findLeaks(secrets, [
				...texts,
				{ where: 'npm run start:queue output', text: stack!.output() },
			]),
		).toEqual([]);
	});

	it(
		'stops everything on Ctrl-C: no process of the stack and no port left',
		async () => {
			stopped = await stack!.interrupt(STOP_TIMEOUT_MS);
			expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
			expect(stopped.leftovers.map((p) => `${p.pid} ${p.command}`)).toEqual([]);
			expect(stopped.busyPorts).toEqual([]);
		},
		STOP_TIMEOUT_MS + 30_000,
	);
});
