/**
 * bench:crash's phases on a running stack: a fresh portal before each call, the warm-up, the first
 * run with its worker killed (kill -9) at KILL_AT and n8n's verdict on it, and a measured call (the
 * re-run, the full run from scratch).
 */
import { sleep } from 'n8n-workflow';

import type { SandboxControl } from '../../../sandbox/control-client';
import type { LogEntry } from '../../../sandbox/types';
import { processTree, stillRunning } from '../../../n8n/queue/process-tree';
import type { QueueReadyInfo } from '../../../n8n/queue/ready';
import { BUCKET } from '../../scenario';
import { executionsStartedByWorker, logOffsets } from '../figures';
import { fireLoad, planLoad, seedLoad, type LoadPlan, type LoadRun } from '../load';
import {
	commandsIn,
	executionRow,
	itemsSetByContact,
	mainLogLines,
	outputCounts,
	startedExecution,
	type Commands,
} from './observe';
import { killOrphans, portalLimits, setOrphans } from './stack';

export const N = Number(process.env.BENCH_CRASH_ITEMS ?? 3_000);
/** The share of the contacts set on the portal when the worker is killed. */
export const KILL_AT = 0.6;
/** How long n8n may take to end the killed worker's execution before we stop waiting. */
export const END_WAIT_MS = 5 * 60_000;
const CALL_TIMEOUT_MS = 15 * 60_000;
const WARM_UP_FIRST_CONTACT = 10_001;
const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

export interface Phase {
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

/** One call of N items that must succeed, on a fresh portal. */
export async function measuredCall(
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
export async function warmUp(info: QueueReadyInfo, control: SandboxControl): Promise<void> {
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

export interface CrashRun {
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
export async function crashRun(
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
	setOrphans(children);
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
