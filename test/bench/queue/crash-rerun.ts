/**
 * `npm run bench:crash`: what the README promises for a worker that dies in the middle of a big Set,
 * in real n8n queue mode (main + two workers, PostgreSQL, Redis, the sandbox standing for a cloud
 * portal on the bench's ten-times clock, with the docs' server times so that a Set takes minutes):
 *
 * 1. one production webhook call carries N contacts (BENCH_CRASH_ITEMS, default 3,000), each bound
 *    to a company the Set must remove, through Bitrix24 Set with Skip Unchanged on;
 * 2. when about 60 % of them have had their items.set on the portal, the worker that runs the
 *    execution gets SIGKILL (`kill -9`);
 * 3. we wait (at most 5 minutes) for n8n to end that execution, and note its status and when;
 * 4. the user's re-run: the same call again, which the surviving worker runs;
 * 5. for comparison, the same call on contacts re-seeded to the wrong state: a full run from scratch.
 *
 * Prints the figures and writes test/bench/queue/crash-rerun.json. Bounded: the whole run stops at
 * DEADLINE_MS, and nothing it started is left running.
 *
 *   npm run bench:crash [-- --no-build]
 *
 * The stack is `npm run start:queue`'s (QueueStack, the same credentials and plan), but run inside
 * this process rather than through start.ts: start.ts takes the whole stack down as soon as one of
 * its n8n processes exits, which is right for a user and would end this bench at the kill.
 */
import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';

import { sleep } from 'n8n-workflow';

import { SandboxControl } from '../../sandbox/control-client';
import { portalProfile } from '../../sandbox/profiles';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { LogEntry } from '../../sandbox/types';
import { buildPackage } from '../../n8n/community-package';
import type { CredentialFileEntry } from '../../n8n/credentials';
import { ensureRuntime } from '../../n8n/ensure-runtime';
import { freePorts } from '../../n8n/free-port';
import { credentialsFor } from '../../n8n/instance';
import { ensureOwner } from '../../n8n/owner';
import { N8N_VERSION, readMarker } from '../../n8n/runtime';
import type { Workflow } from '../../n8n/workflows';
import { queryRows } from '../../n8n/queue/postgres';
import { processTree, stillRunning, type ProcessInfo } from '../../n8n/queue/process-tree';
import type { QueueReadyInfo } from '../../n8n/queue/ready';
import { QueueStack } from '../../n8n/queue/stack';
import { productionWebhookUrl, webhookSetWorkflow } from '../../n8n/queue/webhook-workflow';
import { runWithDeadline } from '../deadline';
import {
	BUCKET,
	DOCS_TIMES,
	ITEM_LIST,
	ITEMS_GET,
	ITEMS_SET,
	OPERATING,
	SPEEDUP,
} from '../scenario';
import { executionsStartedByWorker, logOffsets } from './figures';
import { fireLoad, planLoad, seedLoad, type LoadPlan, type LoadRun } from './load';

const N = Number(process.env.BENCH_CRASH_ITEMS ?? 3_000);
/** The share of the contacts set on the portal when the worker is killed. */
const KILL_AT = 0.6;
const DEADLINE_MS = 35 * 60_000;
/** How long n8n may take to end the killed worker's execution before we stop waiting. */
const END_WAIT_MS = 5 * 60_000;
const CALL_TIMEOUT_MS = 15 * 60_000;
const WORKERS = 2;
/** As `npm run start:queue` runs them. */
const WORKER_CONCURRENCY = 5;
const WARM_UP_FIRST_CONTACT = 10_001;
const STOP_TIMEOUT_MS = 2 * 60_000;
const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

/** The webhook workflow of `npm run start:queue` with Skip Unchanged on, under its own id and path. */
const SKIP = {
	workflowId: 'Bx24QueueSkip001',
	path: 'bitrix24-set-skip-unchanged',
} as const;

export function skipUnchangedWebhookWorkflow(): Workflow {
	const workflow = webhookSetWorkflow();
	const nodes = workflow.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.webhook') {
			return {
				...node,
				webhookId: `${String(node.webhookId).slice(0, -4)}c24a`,
				parameters: { ...node.parameters, path: SKIP.path },
			};
		}
		if (!node.type.endsWith('.bitrix24')) return node;
		const options = (node.parameters.options ?? {}) as Record<string, unknown>;
		return {
			...node,
			parameters: { ...node.parameters, options: { ...options, skipUnchanged: true } },
		};
	});
	return {
		...workflow,
		id: SKIP.workflowId,
		name: `${workflow.name} (Skip Unchanged)`,
		nodes,
	};
}

/**
 * The bench's cloud portal (skip-unchanged.ts): the standard plan's bucket and the operating-time
 * limit on the ten-times clock, every call taking the docs' server time. A Set of 3,000 contacts is
 * held by the operating time of items.set: about two minutes.
 */
function portalLimits() {
	return {
		rate: { enabled: true, ...BUCKET },
		operating: {
			enabled: true,
			limitMs: OPERATING.limitMs,
			windowMs: OPERATING.windowMs,
			buckets: OPERATING.baskets,
		},
		serverTime: { enabled: true, defaultMs: 0, byMethod: DOCS_TIMES },
	};
}

/**
 * The sandbox credentials as `npm run start:queue` imports them: on the custom plan matching the
 * cloud portal on the bench's clock, shared by the workers.
 */
function forWorkers(credentials: CredentialFileEntry[], sandbox: Sandbox): CredentialFileEntry[] {
	const cloud = portalProfile('cloud', SPEEDUP);
	const plan = {
		rateLimitPlan: 'custom',
		requestsPerSecond: cloud.rate.drainPerSec,
		burst: cloud.rate.burst,
		operatingLimitSeconds: (cloud.operating.limitMs ?? 0) / 1000,
		operatingWindowSeconds: (cloud.operating.windowMs ?? 0) / 1000,
		sharingProcesses: WORKERS,
	};
	return credentials.map((credential) => {
		const data = credential.data;
		const atSandbox = String(data.webhookSecretUrl ?? data.portalUrl ?? '').startsWith(
			sandbox.baseUrl,
		);
		return atSandbox ? { ...credential, data: { ...data, ...plan } } : credential;
	});
}

interface Running {
	stack: QueueStack;
	sandbox: Sandbox;
	dataDir: string;
}

/** What is running, so that the deadline's exit and Ctrl-C leave nothing behind. */
let running: Running | undefined;
/** The killed worker's children (its task runner), which SIGKILL does not take with it. */
let orphans: ProcessInfo[] = [];

function killOrphans(): void {
	for (const p of stillRunning(orphans)) {
		try {
			process.kill(p.pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
}

async function startStack(dataDir: string, build: boolean): Promise<Running> {
	console.log('n8n runtime (.n8n-runtime/)');
	await ensureRuntime();
	if (build) {
		console.log('Building the package (npm run build)');
		await buildPackage('inherit');
	}
	const [editorPort, sandboxPort] = await freePorts(2);
	console.log('Starting the Bitrix24 sandbox (a cloud portal, clock ×10)');
	const sandbox = await startSandbox({
		...portalProfile('cloud', SPEEDUP),
		port: sandboxPort,
		host: '127.0.0.1',
		allowHttpWebhooks: true,
	});
	const stack = new QueueStack({
		dataDir,
		editorPort,
		workers: WORKERS,
		workerConcurrency: WORKER_CONCURRENCY,
		credentials: forWorkers(await credentialsFor(sandbox), sandbox),
		workflows: [skipUnchangedWebhookWorkflow()],
		publish: [SKIP.workflowId],
		log: (message) => console.log(message),
	});
	running = { stack, sandbox, dataDir };
	await stack.start();
	await ensureOwner(stack.editorUrl);
	return running;
}

function readyInfo({ stack, sandbox }: Running): QueueReadyInfo {
	return {
		...stack.info(),
		webhookUrl: productionWebhookUrl(stack.editorUrl, SKIP.path),
		workflowId: SKIP.workflowId,
		sandbox: { baseUrl: sandbox.baseUrl, controlUrl: sandbox.controlUrl },
	};
}

// ---------------------------------------------------------------------------------------------
// What the sandbox's log says

/** Contact → how many items.set the portal ran for it (a command refused with an error did not run). */
function itemsSetByContact(log: LogEntry[]): Map<number, number> {
	const runs = new Map<number, number>();
	for (const entry of log) {
		for (const sub of entry.subCalls ?? []) {
			if (sub.method !== ITEMS_SET || sub.error) continue;
			const id = Number(sub.params.id);
			runs.set(id, (runs.get(id) ?? 0) + 1);
		}
	}
	return runs;
}

interface Commands {
	/** REST requests the portal received (batches and single calls), and how many it answered 503. */
	requests: number;
	answered503: number;
	/** Commands sent, by method (a batch's sub-calls, or the single call). */
	sent: Record<string, number>;
	/** Of those, refused with an error (e.g. OPERATION_TIME_LIMIT), by method. */
	refused: Record<string, number>;
}

function commandsIn(log: LogEntry[]): Commands {
	const rest = log.filter((entry) => entry.method !== null);
	const sent: Record<string, number> = {};
	const refused: Record<string, number> = {};
	const add = (to: Record<string, number>, method: string) => (to[method] = (to[method] ?? 0) + 1);
	for (const entry of rest) {
		if (entry.method === 'batch') {
			for (const sub of entry.subCalls ?? []) {
				add(sent, sub.method);
				if (sub.error) add(refused, sub.method);
			}
		} else if (entry.status !== 503) {
			add(sent, entry.method!);
			if (entry.error) add(refused, entry.method!);
		}
	}
	return {
		requests: rest.length,
		answered503: rest.filter((entry) => entry.status === 503).length,
		sent,
		refused,
	};
}

/** Contacts that do not hold exactly the companies asked for (the first primary). */
async function wrongContacts(control: SandboxControl, plan: LoadPlan): Promise<number[]> {
	const state = await control.getState();
	return plan
		.flat()
		.filter(({ contactId, companies }) => {
			const held = (state.bindings[String(contactId)] ?? []).map((b) => [
				Number(b.COMPANY_ID),
				b.IS_PRIMARY,
			]);
			return (
				JSON.stringify(held) !==
				JSON.stringify([
					[companies[0], 'Y'],
					[companies[1], 'N'],
				])
			);
		})
		.map(({ contactId }) => contactId);
}

// ---------------------------------------------------------------------------------------------
// What n8n says

async function executionRow(
	info: QueueReadyInfo,
	id: string,
): Promise<{ status: string; stoppedAt: string }> {
	const rows = await queryRows(
		info.postgres.bin,
		info.postgres.port,
		`select status, coalesce("stoppedAt"::text, '') from execution_entity where id = ${Number(id)}`,
	);
	return { status: rows[0]?.[0] ?? 'missing', stoppedAt: rows[0]?.[1] ?? '' };
}

/** The execution a worker started after the offsets, and which worker: from the workers' logs. */
async function startedExecution(
	info: QueueReadyInfo,
	offsets: Record<string, number>,
	timeoutMs: number,
): Promise<{ id: string; worker: string }> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
		const byWorker = executionsStartedByWorker(info, offsets);
		const found = Object.entries(byWorker).find(([, ids]) => ids.length > 0);
		if (found) return { id: found[1][0], worker: found[0] };
	}
	throw new Error(`no worker started the execution within ${timeoutMs / 1000} s`);
}

/** The lines of main's log about the execution, without colours. */
function mainLogLines(info: QueueReadyInfo, executionId: string, fromOffset: number): string[] {
	const main = info.processes.find((p) => p.name === 'main')!;
	const text = readFileSync(main.logFile).subarray(fromOffset).toString('utf8');
	const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
	const pattern = new RegExp(`[Ee]xecution ${executionId}\\b`);
	return plain
		.split('\n')
		.filter((line) => pattern.test(line))
		.map((line) => line.trim().slice(0, 300));
}

// ---------------------------------------------------------------------------------------------
// The calls

interface Phase {
	run: LoadRun;
	executionId: string;
	worker: string;
	status: string;
	log: LogEntry[];
	commands: Commands;
	/** Output items marked unchanged (Skip Unchanged found them right already), and changed. */
	unchanged: number;
	changed: number;
}

/** Portal limits fresh (bucket empty, no operating time spent), the workers' buckets drained, log empty. */
async function freshPortal(control: SandboxControl): Promise<void> {
	await sleep((BUCKET.burst / BUCKET.drainPerSec) * 1000 + 500);
	await control.setLimits(portalLimits());
	await control.clearLog();
}

function outputCounts(run: LoadRun): { unchanged: number; changed: number } {
	const body = run.answers[0]?.body;
	const items = Array.isArray(body) ? (body as Array<{ unchanged?: boolean }>) : [];
	return {
		unchanged: items.filter((item) => item.unchanged === true).length,
		changed: items.filter((item) => item.unchanged === false).length,
	};
}

/** One call of N items that must succeed, on a fresh portal. */
async function measuredCall(
	info: QueueReadyInfo,
	control: SandboxControl,
	plan: LoadPlan,
	what: string,
): Promise<Phase> {
	await freshPortal(control);
	const offsets = logOffsets(info);
	const run = await fireLoad(info.webhookUrl, plan, CALL_TIMEOUT_MS);
	const answer = run.answers[0];
	if (answer.status !== 200)
		throw new Error(
			`the ${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`,
		);
	const { id, worker } = await startedExecution(info, offsets, 10_000);
	let status = (await executionRow(info, id)).status;
	for (
		const deadline = Date.now() + 60_000;
		!FINAL_STATUSES.has(status) && Date.now() < deadline;

	) {
		await sleep(500);
		status = (await executionRow(info, id)).status;
	}
	const log = await control.getLog();
	return {
		run,
		executionId: id,
		worker,
		status,
		log,
		commands: commandsIn(log),
		...outputCounts(run),
	};
}

/** A few one-item calls at once until every worker has run one: none then pays for loading the node. */
async function warmUp(info: QueueReadyInfo, control: SandboxControl): Promise<void> {
	const workers = info.processes.filter((p) => p.name !== 'main').map((p) => p.name);
	const warmed = new Set<string>();
	for (let round = 0; round < 5 && warmed.size < workers.length; round++) {
		const plan = planLoad(4, 1, WARM_UP_FIRST_CONTACT + round * 4);
		await seedLoad(control, plan);
		const offsets = logOffsets(info);
		const run = await fireLoad(info.webhookUrl, plan, CALL_TIMEOUT_MS);
		const failed = run.answers.find((answer) => answer.status !== 200);
		if (failed) throw new Error(`a warm-up call answered ${failed.status}`);
		await sleep(1_000);
		for (const [name, ids] of Object.entries(executionsStartedByWorker(info, offsets)))
			if (ids.length) warmed.add(name);
	}
	if (warmed.size < workers.length)
		throw new Error(`warm-up reached only ${[...warmed].join(', ')} of ${workers.join(', ')}`);
}

interface CrashRun {
	executionId: string;
	worker: string;
	workerPid: number;
	/** Call sent → kill. */
	killAfterS: number;
	/** Contacts whose items.set the portal had run (or was running) when the kill came. */
	itemsSetAtKill: number;
	/** Requests in flight at the portal at the kill: it runs them to the end all the same. */
	requestsInFlightAtKill: number;
	/** The first run's log, all of it (what the in-flight requests did after the kill included). */
	log: LogEntry[];
	commands: Commands;
	/** How the execution ended, as PostgreSQL has it, and when. */
	statusTransitions: Array<{ status: string; afterKillS: number }>;
	finalStatus: string;
	endedAfterKillS: number | null;
	stoppedAt: string;
	/** What the first call's caller got, and when. */
	callAnswer: { status: number; body: string; afterKillS: number } | null;
	mainLog: string[];
	/** The killed worker's child processes, and those still alive 5 s after the kill. */
	children: string[];
	childrenLeftAlive: string[];
}

/** The first run: fired, watched on the portal, its worker killed at KILL_AT, then waited for. */
async function crashRun(
	info: QueueReadyInfo,
	control: SandboxControl,
	plan: LoadPlan,
): Promise<CrashRun> {
	await freshPortal(control);
	const offsets = logOffsets(info);
	const mainProcess = info.processes.find((p) => p.name === 'main')!;
	const mainOffset = offsets[mainProcess.name] ?? 0;
	const firedAt = Date.now();
	let answer: { status: number; body: string; at: number } | undefined;
	void fireLoad(info.webhookUrl, plan, CALL_TIMEOUT_MS).then(
		(run) =>
			(answer = {
				status: run.answers[0].status,
				body: JSON.stringify(run.answers[0].body).slice(0, 300),
				at: Date.now(),
			}),
		(error: unknown) =>
			(answer = { status: 0, body: `no answer: ${String(error)}`.slice(0, 300), at: Date.now() }),
	);

	const { id, worker } = await startedExecution(info, offsets, 120_000);
	const workerPid = info.processes.find((p) => p.name === worker)!.pid;
	console.log(`  execution ${id} runs on ${worker} (pid ${workerPid})`);

	const target = Math.ceil(N * KILL_AT);
	let done = 0;
	for (const deadline = Date.now() + CALL_TIMEOUT_MS; done < target; await sleep(250)) {
		if (answer) throw new Error(`the call answered (${answer.status}) before the kill`);
		if (Date.now() > deadline) throw new Error(`only ${done} of ${N} contacts set in time`);
		done = itemsSetByContact(await control.getLog()).size;
	}
	const children = processTree(workerPid);
	process.kill(workerPid, 'SIGKILL');
	const killedAt = Date.now();
	orphans = children;
	const atKill = await control.getLog();
	const itemsSetAtKill = itemsSetByContact(atKill).size;
	const requestsInFlightAtKill = atKill.filter((e) => e.method !== null && e.status === 0).length;
	console.log(
		`  kill -9 ${workerPid} (${worker}) after ${((killedAt - firedAt) / 1000).toFixed(1)} s: ${itemsSetAtKill} of ${N} contacts set, ${requestsInFlightAtKill} requests in flight`,
	);

	await sleep(5_000);
	const childrenLeftAlive = stillRunning(children);
	killOrphans();

	// n8n's verdict: PostgreSQL's status of the execution, polled until it is final.
	const transitions: CrashRun['statusTransitions'] = [];
	let row = await executionRow(info, id);
	transitions.push({ status: row.status, afterKillS: (Date.now() - killedAt) / 1000 });
	for (const deadline = killedAt + END_WAIT_MS; Date.now() < deadline; ) {
		if (FINAL_STATUSES.has(row.status)) break;
		await sleep(1_000);
		row = await executionRow(info, id);
		if (row.status !== transitions[transitions.length - 1].status) {
			transitions.push({ status: row.status, afterKillS: (Date.now() - killedAt) / 1000 });
			console.log(
				`  execution ${id}: ${row.status} ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
			);
		}
	}
	const ended = FINAL_STATUSES.has(row.status);
	if (!ended)
		console.log(
			`  execution ${id} still ${row.status} ${END_WAIT_MS / 60_000} minutes after the kill`,
		);
	// The caller's answer, if main gives one, comes with the verdict.
	for (const deadline = Date.now() + 30_000; !answer && Date.now() < deadline; ) await sleep(500);
	const log = await control.getLog();
	return {
		executionId: id,
		worker,
		workerPid,
		killAfterS: (killedAt - firedAt) / 1000,
		itemsSetAtKill,
		requestsInFlightAtKill,
		log,
		commands: commandsIn(log),
		statusTransitions: transitions,
		finalStatus: row.status,
		endedAfterKillS: ended ? transitions[transitions.length - 1].afterKillS : null,
		stoppedAt: row.stoppedAt,
		callAnswer: answer
			? { status: answer.status, body: answer.body, afterKillS: (answer.at - killedAt) / 1000 }
			: null,
		mainLog: mainLogLines(info, id, mainOffset),
		children: children.map((p) => `${p.pid} ${p.command.slice(0, 120)}`),
		childrenLeftAlive: childrenLeftAlive.map((p) => `${p.pid} ${p.command.slice(0, 120)}`),
	};
}

// ---------------------------------------------------------------------------------------------

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** The stack's ports (those launcher.ts's stackPorts checks), each with what it served. */
function namedPorts(info: QueueReadyInfo): Array<{ port: number; what: string }> {
	return [
		{ port: Number(new URL(info.editorUrl).port), what: 'editor' },
		{ port: Number(new URL(info.sandbox.baseUrl).port), what: 'sandbox' },
		{ port: info.postgres.port, what: 'PostgreSQL' },
		{ port: info.redis.port, what: 'Redis' },
		...info.processes.flatMap((p) => [
			{ port: p.brokerPort, what: `${p.name} task broker` },
			...(p.healthPort ? [{ port: p.healthPort, what: `${p.name} health` }] : []),
		]),
	];
}

/** The sockets on a port, as `ss` lists them (who holds it, in which state). */
function socketsOn(port: number): string[] {
	const result = spawnSync('ss', ['-tanpH'], { encoding: 'utf8' });
	return (result.stdout ?? '')
		.split('\n')
		.filter((line) => new RegExp(`:${port}\\s`).test(line))
		.map((line) => line.replace(/\s+/g, ' ').trim());
}

interface StopOutcome {
	leftovers: string[];
	/** Ports of the stack something still listens on (or holds) 10 s after the stop, and the sockets. */
	busyPorts: Array<{ port: number; what: string; sockets: string[] }>;
}

/** Stops the stack in its own order (main, workers, Redis, PostgreSQL), then the sandbox; what outlived it. */
async function stopAll(current: Running, info: QueueReadyInfo | undefined): Promise<StopOutcome> {
	const seen = [
		...processTree(process.pid),
		...(info ? processTree(info.postgres.pid, true) : []),
		...orphans,
	];
	const timer = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS);
	try {
		await current.stack.stop();
		await current.sandbox.close();
	} finally {
		clearTimeout(timer);
	}
	running = undefined;
	const leftovers = stillRunning([...seen, ...processTree(process.pid)]).map(
		(p) => `${p.pid} ${p.command.slice(0, 120)}`,
	);
	let busy = info ? namedPorts(info) : [];
	for (let attempt = 0; attempt < 10 && busy.length; attempt++) {
		if (attempt) await sleep(1_000);
		const free = await Promise.all(busy.map(({ port }) => portIsFree(port)));
		busy = busy.filter((_, i) => !free[i]);
	}
	return {
		leftovers,
		busyPorts: busy.map((entry) => ({ ...entry, sockets: socketsOn(entry.port) })),
	};
}

const s = (ms: number) => Math.round(ms) / 1000;
const count = (commands: Commands, method: string) => commands.sent[method] ?? 0;

async function main(): Promise<void> {
	if (!Number.isInteger(N) || N < 10)
		throw new Error('BENCH_CRASH_ITEMS must be a whole number ≥ 10');
	const dataDir = mkdtempSync(join(tmpdir(), 'n8n-queue-crash-'));
	// PostgreSQL runs as its own user, which must be able to reach its folder inside this one.
	chmodSync(dataDir, 0o755);
	let info: QueueReadyInfo | undefined;
	try {
		console.log(`Starting the queue-mode stack (main + ${WORKERS} workers, PostgreSQL, Redis) …`);
		const current = await startStack(dataDir, !process.argv.includes('--no-build'));
		info = readyInfo(current);
		const control = new SandboxControl(info.sandbox.baseUrl);
		await control.setLimits(portalLimits());
		const plan = planLoad(1, N);
		await seedLoad(control, plan);
		console.log('Warm-up: every worker runs a one-item call …');
		await warmUp(info, control);

		console.log(
			`\nFirst run: one call of ${N} contacts, Set with Skip Unchanged; kill -9 its worker at ${KILL_AT * 100} % …`,
		);
		const first = await crashRun(info, control, plan);
		const firstRuns = itemsSetByContact(first.log);

		console.log(`\nThe user's re-run: the same call, on the surviving worker …`);
		const rerun = await measuredCall(info, control, plan, 're-run');
		const rerunRuns = itemsSetByContact(rerun.log);
		const wrongAfterRerun = await wrongContacts(control, plan);
		const setTwice = plan
			.flat()
			.map(({ contactId }) => ({
				contactId,
				first: firstRuns.get(contactId) ?? 0,
				rerun: rerunRuns.get(contactId) ?? 0,
			}))
			.filter((c) => c.first + c.rerun > 1);
		const neverSet = plan
			.flat()
			.filter(({ contactId }) => !firstRuns.has(contactId) && !rerunRuns.has(contactId)).length;

		console.log(`\nA full run from scratch: the same contacts re-seeded to the wrong state …`);
		await seedLoad(control, plan);
		// The worker keeps its own account of each method's operating time: a window later, the
		// re-run's spending is forgotten there as on the portal, and the full run starts as fresh.
		await sleep(OPERATING.windowMs);
		const full = await measuredCall(info, control, plan, 'full run');
		const wrongAfterFull = await wrongContacts(control, plan);

		const report = {
			generatedAt: new Date().toISOString(),
			command: `npm run bench:crash${N === 3_000 ? '' : ` (BENCH_CRASH_ITEMS=${N})`}`,
			machine: {
				cpus: cpus().length,
				loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
				n8n: `${N8N_VERSION} on Node.js ${readMarker()?.node ?? '?'}`,
			},
			settings: {
				items: N,
				killAt: KILL_AT,
				workers: WORKERS,
				workerConcurrency: WORKER_CONCURRENCY,
				sandboxPortal: `a cloud portal on a clock ${SPEEDUP} times faster: bucket burst ${BUCKET.burst}, ${BUCKET.drainPerSec}/s; operating time ${OPERATING.limitMs / 1000} s of each method in any ${OPERATING.windowMs / 1000} s; the docs' server times (${DOCS_TIMES[ITEMS_SET]} ms an items.set, ${DOCS_TIMES[ITEMS_GET]} ms an items.get, ${DOCS_TIMES[ITEM_LIST]} ms a crm.item.list)`,
				node: 'Bitrix24 Set, Skip Unchanged on, every other option at its default',
				limitsBeforeEachCall:
					'fresh (the bucket empty, no operating time spent), as the minutes n8n takes to end the killed execution leave them',
			},
			firstRun: {
				executionId: first.executionId,
				worker: first.worker,
				killAfterS: first.killAfterS,
				contactsSetAtKill: first.itemsSetAtKill,
				requestsInFlightAtKill: first.requestsInFlightAtKill,
				contactsSetByFirstRun: firstRuns.size,
				itemsSetSent: count(first.commands, ITEMS_SET),
				commands: first.commands,
			},
			afterKill: {
				finalStatus: first.finalStatus,
				endedAfterKillS: first.endedAfterKillS,
				stoppedAt: first.stoppedAt,
				statusTransitions: first.statusTransitions,
				callAnswer: first.callAnswer,
				mainLog: first.mainLog,
				workerChildren: first.children,
				workerChildrenLeftAlive: first.childrenLeftAlive,
			},
			rerun: {
				executionId: rerun.executionId,
				worker: rerun.worker,
				status: rerun.status,
				wallS: s(rerun.run.wallMs),
				itemsSet: count(rerun.commands, ITEMS_SET),
				itemsGet: count(rerun.commands, ITEMS_GET),
				itemList: count(rerun.commands, ITEM_LIST),
				outputUnchanged: rerun.unchanged,
				outputChanged: rerun.changed,
				commands: rerun.commands,
			},
			fullRun: {
				executionId: full.executionId,
				worker: full.worker,
				status: full.status,
				wallS: s(full.run.wallMs),
				itemsSet: count(full.commands, ITEMS_SET),
				itemsGet: count(full.commands, ITEMS_GET),
				itemList: count(full.commands, ITEM_LIST),
				commands: full.commands,
			},
			check: {
				contactsRightAfterRerun: N - wrongAfterRerun.length,
				wrongAfterRerun: wrongAfterRerun.slice(0, 20),
				contactsSetTwice: setTwice.length,
				setTwice: setTwice.slice(0, 20),
				contactsNeverSet: neverSet,
				contactsRightAfterFullRun: N - wrongAfterFull.length,
			},
			rerunToFullRun: rerun.run.wallMs / full.run.wallMs,
			stop: undefined as StopOutcome | undefined,
		};

		console.log(
			[
				'',
				`Items: ${N}; workers: ${WORKERS} × concurrency ${WORKER_CONCURRENCY}; n8n ${report.machine.n8n}`,
				`First run (execution ${first.executionId} on ${first.worker}): killed after ${first.killAfterS.toFixed(1)} s with ${first.itemsSetAtKill} contacts set (${first.requestsInFlightAtKill} requests in flight); ${firstRuns.size} set by the first run in all, ${count(first.commands, ITEMS_SET)} items.set sent`,
				`After the kill: execution ${first.executionId} ${first.finalStatus}${first.endedAfterKillS === null ? ` (not final after ${END_WAIT_MS / 60_000} min)` : ` ${first.endedAfterKillS.toFixed(1)} s after the kill`}; the caller got ${first.callAnswer ? `${first.callAnswer.status} ${first.callAnswer.afterKillS.toFixed(1)} s after the kill: ${first.callAnswer.body}` : 'no answer'}`,
				...first.mainLog.map((line) => `  main: ${line}`),
				`Re-run (execution ${rerun.executionId} on ${rerun.worker}, ${rerun.status}): ${s(rerun.run.wallMs)} s; ${count(rerun.commands, ITEMS_SET)} items.set, ${count(rerun.commands, ITEMS_GET)} items.get, ${count(rerun.commands, ITEM_LIST)} crm.item.list; output ${rerun.unchanged} unchanged, ${rerun.changed} changed; ${rerun.commands.requests} requests, ${rerun.commands.answered503} answered 503`,
				`Full run from scratch (execution ${full.executionId} on ${full.worker}, ${full.status}): ${s(full.run.wallMs)} s; ${count(full.commands, ITEMS_SET)} items.set, ${count(full.commands, ITEMS_GET)} items.get, ${count(full.commands, ITEM_LIST)} crm.item.list`,
				`Re-run / full run: ${report.rerunToFullRun.toFixed(2)} ×`,
				`Contacts right after the re-run: ${report.check.contactsRightAfterRerun} of ${N}; set twice: ${setTwice.length}; never set: ${neverSet}`,
			].join('\n'),
		);

		report.stop = await stopAll(current, info);
		writeFileSync(join(__dirname, 'crash-rerun.json'), `${JSON.stringify(report, null, '\t')}\n`);
		console.log('\nWrote test/bench/queue/crash-rerun.json');
		// A port that only an outgoing connection of another process happens to use is not ours.
		const listening = report.stop.busyPorts.filter((entry) =>
			entry.sockets.some((socket) => socket.startsWith('LISTEN')),
		);
		for (const entry of report.stop.busyPorts)
			console.log(`Port ${entry.port} (${entry.what}) still busy: ${entry.sockets.join('; ')}`);
		if (report.stop.leftovers.length || listening.length)
			throw new Error(
				`left running after the stop: ${report.stop.leftovers.join('; ')} ports ${listening.map((entry) => `${entry.port} (${entry.what})`).join(', ')}`,
			);
		if (wrongAfterRerun.length || setTwice.length || neverSet)
			throw new Error('the re-run did not leave every contact right, each set once');
	} finally {
		if (running) await stopAll(running, info).catch(() => undefined);
		killOrphans();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

// Ctrl-C: exit through process.exit, so that the stack's exit handler stops its servers.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
runWithDeadline(main, {
	ms: DEADLINE_MS,
	what: 'crash re-run benchmark',
	onDeadline: killOrphans,
});
