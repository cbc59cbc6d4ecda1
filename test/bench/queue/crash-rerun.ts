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
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';

import { sleep } from 'n8n-workflow';

import { SandboxControl } from '../../sandbox/control-client';
import { N8N_VERSION, readMarker } from '../../n8n/runtime';
import type { QueueReadyInfo } from '../../n8n/queue/ready';
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
import { planLoad, seedLoad } from './load';
import { itemsSetByContact, wrongContacts, type Commands } from './crash/observe';
import { crashRun, END_WAIT_MS, KILL_AT, measuredCall, N, warmUp } from './crash/phases';
import {
	killOrphans,
	portalLimits,
	readyInfo,
	runningStack,
	startStack,
	stopAll,
	WORKER_CONCURRENCY,
	WORKERS,
	type StopOutcome,
} from './crash/stack';

const DEADLINE_MS = 35 * 60_000;

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
		const current = runningStack();
		if (current) await stopAll(current, info).catch(() => undefined);
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
