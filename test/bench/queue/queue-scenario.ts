/**
 * One measured load on a running queue-mode stack: the bench's bucket on the sandbox (Bitrix24's
 * standard plan on a ten-times clock), the contacts seeded, a warm-up so each worker has loaded the
 * node, then every call at once; the figures and what the portal ended up holding.
 */
import { sleep } from 'n8n-workflow';

import { SandboxControl, type SandboxState } from '../../sandbox/control-client';
import type { LogEntry } from '../../sandbox/types';
import type { QueueReadyInfo } from '../../n8n/queue/ready';
import { BUCKET, CHEAP_TIMES, OPERATING, type ServerTimes } from '../scenario';
import {
	computeFigures,
	executionsStartedByWorker,
	executionStatuses,
	lastExecutionId,
	logOffsets,
	restEntries,
	type QueueFigures,
} from './figures';
import { fireLoad, planLoad, seedLoad, type LoadPlan, type LoadRun } from './load';

export interface QueueLoadOptions {
	calls: number;
	itemsPerCall: number;
	/** Small calls before the measured load, so the first executions do not pay for loading the node. */
	warmUpCalls: number;
	callTimeoutMs: number;
	/**
	 * Before the measured load, the same load through the unpaced copy of the workflow with the
	 * sandbox's limits off (needs QUEUE_UNPACED_BASELINE=1 at start): n8n's own time for it.
	 */
	baseline?: boolean;
	/**
	 * The measured load's first contact (default FIRST_LOAD_CONTACT): a later load in the same stack
	 * takes contacts of its own, so each load starts from freshly seeded ones.
	 */
	firstContact?: number;
}

export interface QueueLoadResult {
	plan: LoadPlan;
	run: LoadRun;
	log: LogEntry[];
	executions: Array<{ id: string; status: string }>;
	/** Execution ids each worker started. */
	byWorker: Record<string, string[]>;
	figures: QueueFigures;
	state: SandboxState;
}

/**
 * The bench's cloud portal in its "cheap calls" form (test/bench/phases.ts), on the ten-times clock
 * the stack's sandbox runs (SANDBOX_SPEEDUP=10): the request bucket binds, and every answer reports
 * each method's operating time, which stays well inside its limit. `limited` false: no limit at all,
 * the same server times. `times`: other server times (the crash bench takes the docs').
 */
export function portalLimits(limited: boolean, times: ServerTimes = CHEAP_TIMES) {
	return {
		rate: { enabled: limited, ...BUCKET },
		operating: {
			enabled: limited,
			limitMs: OPERATING.limitMs,
			windowMs: OPERATING.windowMs,
			buckets: OPERATING.baskets,
		},
		serverTime: { enabled: true, defaultMs: 0, byMethod: times },
	};
}

const WARM_UP_FIRST_CONTACT = 10_001;
const BASELINE_WARM_UP_FIRST_CONTACT = 15_001;
/** Above the measured load's contacts (up to 8 × 1,250 by default; planLoad's first is 20,001). */
const BASELINE_FIRST_CONTACT = 500_001;
const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

/** The stored executions once `expected` of them have ended (a worker saves its result as it answers). */
async function finishedExecutions(
	info: QueueReadyInfo,
	afterId: number,
	expected: number,
): Promise<Array<{ id: string; status: string }>> {
	let executions = await executionStatuses(info, afterId);
	for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
		if (executions.length >= expected && executions.every((e) => FINAL_STATUSES.has(e.status)))
			break;
		await sleep(500);
		executions = await executionStatuses(info, afterId);
	}
	return executions;
}

async function fireAllOk(
	webhookUrl: string,
	plan: LoadPlan,
	timeoutMs: number,
	what: string,
): Promise<LoadRun> {
	const run = await fireLoad(webhookUrl, plan, timeoutMs);
	const failed = run.answers.find((answer) => answer.status !== 200);
	if (failed)
		throw new Error(
			`a ${what} call answered ${failed.status}: ${JSON.stringify(failed.body).slice(0, 500)}`,
		);
	return run;
}

/** The load through the unpaced workflow with the sandbox's limits off: n8n's own wall time. */
async function unpacedBaseline(
	info: QueueReadyInfo,
	control: SandboxControl,
	options: QueueLoadOptions,
): Promise<{ run: LoadRun; leadInMs: number }> {
	const url = info.unpacedWebhookUrl;
	if (!url)
		throw new Error(
			'the stack has no unpaced baseline workflow: start it with QUEUE_UNPACED_BASELINE=1',
		);
	const warmUp = planLoad(options.warmUpCalls, 1, BASELINE_WARM_UP_FIRST_CONTACT);
	const plan = planLoad(options.calls, options.itemsPerCall, BASELINE_FIRST_CONTACT);
	await seedLoad(control, [...warmUp, ...plan]);
	await fireAllOk(url, warmUp, options.callTimeoutMs, 'baseline warm-up');
	await control.setLimits(portalLimits(false));
	await control.clearLog();
	const run = await fireAllOk(url, plan, options.callTimeoutMs, 'baseline');
	const first = Math.min(
		...restEntries(await control.getLog()).map((entry) => Date.parse(entry.at)),
	);
	return { run, leadInMs: first - run.startedAt };
}

export async function runQueueLoad(
	info: QueueReadyInfo,
	options: QueueLoadOptions,
): Promise<QueueLoadResult> {
	const control = new SandboxControl(info.sandbox.baseUrl);
	const plan = planLoad(options.calls, options.itemsPerCall, options.firstContact);
	const warmUp = planLoad(options.warmUpCalls, 1, WARM_UP_FIRST_CONTACT);
	await seedLoad(control, [...warmUp, ...plan]);

	if (warmUp.length) await fireAllOk(info.webhookUrl, warmUp, options.callTimeoutMs, 'warm-up');
	const baseline = options.baseline ? await unpacedBaseline(info, control, options) : undefined;
	// The workers' own buckets drain too, so the load starts with every bucket empty.
	await sleep((BUCKET.burst / BUCKET.drainPerSec) * 1000 + 500);
	// New settings also empty the sandbox's bucket and forget the operating time spent so far; the
	// cleared log holds this load's requests only, whatever loads came before it.
	await control.setLimits(portalLimits(true));
	await control.clearLog();
	const afterId = await lastExecutionId(info);
	const offsets = logOffsets(info);

	const run = await fireLoad(info.webhookUrl, plan, options.callTimeoutMs);

	const executions = await finishedExecutions(info, afterId, options.calls);
	const log = await control.getLog();
	const byWorker = executionsStartedByWorker(info, offsets);
	const figures = computeFigures({
		itemsPerCall: options.itemsPerCall,
		run,
		log,
		executions,
		byWorker,
		baseline: baseline && { wallMs: baseline.run.wallMs, leadInMs: baseline.leadInMs },
	});
	return { plan, run, log, executions, byWorker, figures, state: await control.getState() };
}
