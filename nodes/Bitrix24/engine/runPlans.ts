import type { IExecuteFunctions } from 'n8n-workflow';

import type { BatchAnswer } from '../transport/batch';
import { batchCommand, batchParams, commandFailure, readBatchAnswer } from '../transport/batch';
import type { BitrixFailure } from '../transport/failure';
import type { Portal } from '../transport/portal';
import { methodExhausted, pause, recordTime } from './admission';
import { send, senderFor } from './send';
import type { Engine } from './itemRun';
import { finish, runDirect } from './itemRun';
import type { RetryState } from './retryPolicy';
import { decideRetry } from './retryPolicy';
import type { EngineSettings, ItemOutcome, ItemPlan } from './types';
import { MAX_BATCH_COMMANDS } from './types';
import type { ItemRun } from './workQueue';
import { WorkQueue } from './workQueue';

function commandKey(run: ItemRun, callIndex: number): string {
	return `i${run.plan.itemIndex}_${callIndex}`;
}

interface CommandFailure {
	run: ItemRun;
	failure: BitrixFailure;
}

interface Absorbed {
	/** Items whose next command the portal left unanswered: worth a retry. */
	unanswered: CommandFailure[];
	/** Items whose next command was refused for its method's operating time: sent again when it has room. */
	paced: ItemRun[];
}

/** Reads a batch answer back into each item, and each command's time into its method's budget. */
function absorbBatchAnswer(
	engine: Engine,
	runs: ItemRun[],
	answer: BatchAnswer,
	clockOffsetMs: number,
): Absorbed {
	const absorbed: Absorbed = { unanswered: [], paced: [] };
	for (const run of runs) {
		let stopped = false;
		while (run.next < run.plan.calls.length) {
			const call = run.plan.calls[run.next];
			const key = commandKey(run, run.next);
			const failure = commandFailure(answer, key);
			if (failure) {
				if (failure.retry === 'operatingLimit') {
					methodExhausted(engine, call.method);
					absorbed.paced.push(run);
				} else finish(engine, run, { ok: false, failure, call });
				stopped = true;
				break;
			}
			if (!(key in answer.results)) {
				absorbed.unanswered.push({
					run,
					failure: {
						code: '',
						description: 'the batch answer has no result for this command',
						retry: 'transient',
						transportProblem: 'unreadable',
					},
				});
				stopped = true;
				break;
			}
			recordTime(engine, call.method, answer.times[key], clockOffsetMs);
			run.results.push(answer.results[key]);
			run.next += 1;
		}
		if (!stopped) finish(engine, run, { ok: true, results: run.results });
	}
	return absorbed;
}

function batchCommands(runs: ItemRun[]): { cmd: Record<string, string>; methods: string[] } {
	const cmd: Record<string, string> = {};
	const methods: string[] = [];
	for (const run of runs) {
		for (let index = run.next; index < run.plan.calls.length; index++) {
			const call = run.plan.calls[index];
			cmd[commandKey(run, index)] = batchCommand(call.method, call.params);
			methods.push(call.method);
		}
	}
	return { cmd, methods };
}

/** With batching: up to 50 commands of several items in one request, `halt=0`. */
async function runBatch(engine: Engine, runs: ItemRun[]): Promise<void> {
	const state: RetryState = { attempts: 0, waitedMs: 0 };
	let pending = runs;
	while (pending.length > 0) {
		const { cmd, methods } = batchCommands(pending);
		const sent = await send(engine, 'batch', batchParams(cmd), methods);
		if (!sent.answer.ok) {
			for (const run of pending) {
				finish(engine, run, {
					ok: false,
					failure: sent.answer.failure,
					call: run.plan.calls[run.next],
					gaveUp: sent.gaveUp,
				});
			}
			return;
		}
		const { unanswered, paced } = absorbBatchAnswer(
			engine,
			pending,
			readBatchAnswer(sent.answer.result),
			sent.clockOffsetMs,
		);
		pending = paced;
		if (unanswered.length === 0) continue;

		// One decision for the unanswered: they failed together and will be retried together.
		const decision = decideRetry({
			failure: unanswered[0].failure,
			state,
			settings: engine.settings,
		});
		if (!decision.retry) {
			for (const { run, failure } of unanswered) {
				finish(engine, run, {
					ok: false,
					failure,
					call: run.plan.calls[run.next],
					gaveUp: decision.gaveUp,
				});
			}
			continue;
		}
		engine.progress.waiting(decision.waitMs, decision.reason);
		await pause(engine.context, decision.waitMs);
		state.attempts += 1;
		state.waitedMs += decision.waitMs;
		pending = [...pending, ...unanswered.map(({ run }) => run)];
	}
}

/** Runs up to `concurrency` units at once, taking each from `next` when a lane is free. */
async function runPool<T>(
	next: () => T | undefined,
	concurrency: number,
	worker: (unit: T) => Promise<void>,
): Promise<void> {
	const lanes = Array.from({ length: Math.max(1, concurrency) }, async () => {
		for (let unit = next(); unit !== undefined; unit = next()) await worker(unit);
	});
	await Promise.all(lanes);
}

/**
 * Runs the calls of all input items and returns, for every item, its results or its failure.
 * A lone call goes direct; several go through `batch` unless batching is off. `plans` may be
 * lazy (see WorkQueue): each plan is pulled when a lane has room for it.
 */
export async function runPlans(
	context: IExecuteFunctions,
	portal: Portal,
	plans: Iterable<ItemPlan>,
	settings: EngineSettings,
	itemCount = Array.isArray(plans) ? plans.length : 0,
): Promise<Map<number, ItemOutcome>> {
	const engine: Engine = {
		...senderFor(context, portal, settings, itemCount),
		outcomes: new Map(),
	};
	const queue = new WorkQueue(plans, (run) => finish(engine, run, { ok: true, results: [] }));
	const ahead = queue.peek(2);
	const loneCall = ahead.length === 1 && ahead[0].plan.calls.length === 1;
	if (settings.batching && !loneCall) {
		await runPool(
			() => queue.nextBatch(MAX_BATCH_COMMANDS),
			settings.concurrency,
			async (batch) => await runBatch(engine, batch),
		);
	} else {
		await runPool(
			() => queue.nextRun(),
			settings.concurrency,
			async (run) => await runDirect(engine, run),
		);
	}
	return engine.outcomes;
}
