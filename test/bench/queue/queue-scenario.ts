/**
 * One measured load on a running queue-mode stack: the bench's bucket on the sandbox (Bitrix24's
 * standard plan on a ten-times clock), the contacts seeded, a warm-up so each worker has loaded the
 * node, then every call at once; the figures and what the portal ended up holding.
 */
import { sleep } from 'n8n-workflow';

import { SandboxControl, type SandboxState } from '../../sandbox/control-client';
import type { LogEntry } from '../../sandbox/types';
import type { QueueReadyInfo } from '../../n8n/queue/ready';
import { BUCKET } from '../scenario';
import { computeFigures, executionsStartedByWorker, executionStatuses, lastExecutionId, logOffsets, type QueueFigures } from './figures';
import { fireLoad, planLoad, seedLoad, type LoadPlan, type LoadRun } from './load';

export interface QueueLoadOptions {
	calls: number;
	itemsPerCall: number;
	/** Small calls before the measured load, so the first executions do not pay for loading the node. */
	warmUpCalls: number;
	callTimeoutMs: number;
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

const WARM_UP_FIRST_CONTACT = 10_001;
const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

/** The stored executions once `expected` of them have ended (a worker saves its result as it answers). */
async function finishedExecutions(info: QueueReadyInfo, afterId: number, expected: number): Promise<Array<{ id: string; status: string }>> {
	let executions = await executionStatuses(info, afterId);
	for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
		if (executions.length >= expected && executions.every((e) => FINAL_STATUSES.has(e.status))) break;
		await sleep(500);
		executions = await executionStatuses(info, afterId);
	}
	return executions;
}

export async function runQueueLoad(info: QueueReadyInfo, options: QueueLoadOptions): Promise<QueueLoadResult> {
	const control = new SandboxControl(info.sandbox.baseUrl);
	const plan = planLoad(options.calls, options.itemsPerCall);
	const warmUp = planLoad(options.warmUpCalls, 1, WARM_UP_FIRST_CONTACT);
	await seedLoad(control, [...warmUp, ...plan]);

	const warmAnswers = (await fireLoad(info.webhookUrl, warmUp, options.callTimeoutMs)).answers;
	const failedWarmUp = warmAnswers.find((answer) => answer.status !== 200);
	if (failedWarmUp) throw new Error(`a warm-up call answered ${failedWarmUp.status}: ${JSON.stringify(failedWarmUp.body).slice(0, 500)}`);
	// The workers' own buckets drain too, so the load starts with every bucket empty.
	await sleep((BUCKET.burst / BUCKET.drainPerSec) * 1000 + 500);
	// A new rate setting also empties the sandbox's bucket.
	await control.setLimits({ rate: { enabled: true, burst: BUCKET.burst, drainPerSec: BUCKET.drainPerSec } });
	await control.clearLog();
	const afterId = await lastExecutionId(info);
	const offsets = logOffsets(info);

	const run = await fireLoad(info.webhookUrl, plan, options.callTimeoutMs);

	const executions = await finishedExecutions(info, afterId, options.calls);
	const log = await control.getLog();
	const byWorker = executionsStartedByWorker(info, offsets);
	const figures = computeFigures({ itemsPerCall: options.itemsPerCall, run, log, executions, byWorker });
	return { plan, run, log, executions, byWorker, figures, state: await control.getState() };
}
