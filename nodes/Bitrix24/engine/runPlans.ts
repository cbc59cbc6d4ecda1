import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { BitrixFailure, Interpreted } from '../transport/failure';
import { failureFromErrorBody, interpretAnswer } from '../transport/failure';
import { mapOf } from '../transport/answer';
import type { Portal } from '../transport/portal';
import { postMethod } from '../transport/request';
import { noteTiming, operatingResetAt } from './operatingClock';
import { toPhpQuery } from './phpQuery';
import { ProgressReporter } from './progress';
import { bucketFor } from './rateLimiter';
import type { LeakyBucket } from './rateLimiter';
import type { RetryState } from './retryPolicy';
import { decideRetry } from './retryPolicy';
import type { EngineSettings, ItemOutcome, ItemPlan } from './types';
import { MAX_BATCH_COMMANDS } from './types';
import type { ItemRun } from './workQueue';
import { WorkQueue } from './workQueue';

interface Engine {
	context: IExecuteFunctions;
	portal: Portal;
	settings: EngineSettings;
	bucket: LeakyBucket;
	progress: ProgressReporter;
	outcomes: Map<number, ItemOutcome>;
}

function finish(engine: Engine, run: ItemRun, outcome: ItemOutcome): void {
	// A failure keeps the results of the calls that succeeded before it: they may have changed data.
	engine.outcomes.set(run.plan.itemIndex, outcome.ok ? outcome : { ...outcome, results: run.results });
	engine.progress.itemsFinished(1);
}

async function pause(engine: Engine, waitMs: number): Promise<void> {
	if (waitMs <= 0) return;
	// A timer counts from the event loop's cached clock, which lags after synchronous work (such
	// as planning a batch), so it can fire early; a request sent early overfills the portal's bucket.
	const until = Date.now() + waitMs;
	for (let left = waitMs; left > 0; left = until - Date.now()) await sleep(left);
	if (engine.context.getExecutionCancelSignal()?.aborted) {
		throw new Error('The execution was cancelled');
	}
}

/** Sends one request under the rate limiter, retrying what may be retried. */
async function send(
	engine: Engine,
	method: string,
	params: IDataObject,
): Promise<{ answer: Interpreted; gaveUp?: string }> {
	const state: RetryState = { attempts: 0, waitedMs: 0 };
	for (;;) {
		const answered = await engine.bucket.acquire(async (pacingMs) => {
			engine.progress.waiting(pacingMs, "the portal's request limit", true);
			await pause(engine, pacingMs);
		});
		let raw;
		try {
			raw = await postMethod(engine.context, engine.portal, method, params, engine.settings.timeoutMs);
		} finally {
			answered();
		}
		const answer = interpretAnswer(raw);
		if (answer.ok) {
			noteTiming(engine.portal.key, method, answer.body.time);
			return { answer };
		}
		if (answer.failure.retry === 'rateLimit') engine.bucket.markFull();
		const decision = decideRetry(
			answer.failure,
			state,
			engine.settings,
			1000 / engine.portal.rateLimit.drainPerSecond,
			operatingResetAt(engine.portal.key, method),
		);
		if (!decision.retry) return { answer, gaveUp: decision.gaveUp };
		engine.progress.waiting(decision.waitMs, decision.reason);
		await pause(engine, decision.waitMs);
		state.attempts += 1;
		state.waitedMs += decision.waitMs;
	}
}

/** Without batching: the item's calls one after another, each its own request. */
async function runDirect(engine: Engine, run: ItemRun): Promise<void> {
	while (run.next < run.plan.calls.length) {
		const call = run.plan.calls[run.next];
		const { answer, gaveUp } = await send(engine, call.method, call.params);
		if (!answer.ok) {
			finish(engine, run, { ok: false, failure: answer.failure, call, gaveUp });
			return;
		}
		run.results.push(answer.result);
		run.next += 1;
	}
	finish(engine, run, { ok: true, results: run.results });
}

function commandKey(run: ItemRun, callIndex: number): string {
	return `i${run.plan.itemIndex}_${callIndex}`;
}

interface CommandFailure {
	run: ItemRun;
	failure: BitrixFailure;
}

/**
 * Reads a batch answer back into each item. Returns the items whose next command failed in a way
 * worth retrying (the method's operating-time block, or a command the portal left unanswered).
 */
function absorbBatchAnswer(engine: Engine, runs: ItemRun[], batchResult: unknown): CommandFailure[] {
	const envelope = mapOf(batchResult);
	const results = mapOf(envelope.result);
	const errors = mapOf(envelope.result_error);
	const times = mapOf(envelope.result_time);
	const retryable: CommandFailure[] = [];
	for (const run of runs) {
		let failed = false;
		while (run.next < run.plan.calls.length) {
			const call = run.plan.calls[run.next];
			const key = commandKey(run, run.next);
			if (key in errors) {
				const failure = failureFromErrorBody(mapOf(errors[key]));
				if (failure.retry === 'operatingLimit') retryable.push({ run, failure });
				else finish(engine, run, { ok: false, failure, call });
				failed = true;
				break;
			}
			if (!(key in results)) {
				retryable.push({
					run,
					failure: {
						code: '',
						description: 'the batch answer has no result for this command',
						retry: 'transient',
						transportProblem: 'unreadable',
					},
				});
				failed = true;
				break;
			}
			noteTiming(engine.portal.key, call.method, times[key]);
			run.results.push(results[key]);
			run.next += 1;
		}
		if (!failed) finish(engine, run, { ok: true, results: run.results });
	}
	return retryable;
}

function batchCommands(runs: ItemRun[]): Record<string, string> {
	const cmd: Record<string, string> = {};
	for (const run of runs) {
		for (let index = run.next; index < run.plan.calls.length; index++) {
			const call = run.plan.calls[index];
			const query = toPhpQuery(call.params);
			cmd[commandKey(run, index)] = query ? `${call.method}?${query}` : call.method;
		}
	}
	return cmd;
}

/** With batching: up to 50 commands of several items in one request, `halt=0`. */
async function runBatch(engine: Engine, runs: ItemRun[]): Promise<void> {
	const state: RetryState = { attempts: 0, waitedMs: 0 };
	let pending = runs;
	while (pending.length > 0) {
		const { answer, gaveUp } = await send(engine, 'batch', { halt: 0, cmd: batchCommands(pending) });
		if (!answer.ok) {
			for (const run of pending) {
				finish(engine, run, { ok: false, failure: answer.failure, call: run.plan.calls[run.next], gaveUp });
			}
			return;
		}
		const retryable = absorbBatchAnswer(engine, pending, answer.result);
		if (retryable.length === 0) return;

		// One decision for the whole group: they failed together and will be retried together.
		const first = retryable[0];
		const decision = decideRetry(
			first.failure,
			state,
			engine.settings,
			0,
			operatingResetAt(engine.portal.key, first.run.plan.calls[first.run.next].method),
		);
		if (!decision.retry) {
			for (const { run, failure } of retryable) {
				finish(engine, run, { ok: false, failure, call: run.plan.calls[run.next], gaveUp: decision.gaveUp });
			}
			return;
		}
		engine.progress.waiting(decision.waitMs, decision.reason);
		await pause(engine, decision.waitMs);
		state.attempts += 1;
		state.waitedMs += decision.waitMs;
		pending = retryable.map(({ run }) => run);
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
		context,
		portal,
		settings,
		bucket: bucketFor(portal.key, portal.rateLimit),
		progress: new ProgressReporter(context.logger, itemCount),
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
		await runPool(() => queue.nextRun(), settings.concurrency, async (run) => await runDirect(engine, run));
	}
	return engine.outcomes;
}

