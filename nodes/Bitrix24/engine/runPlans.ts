import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { BitrixFailure, Interpreted } from '../transport/failure';
import { failureFromErrorBody, interpretAnswer } from '../transport/failure';
import type { Portal } from '../transport/portal';
import { postMethod } from '../transport/request';
import { noteTiming, operatingResetAt } from './operatingClock';
import { toPhpQuery } from './phpQuery';
import { ProgressReporter } from './progress';
import { bucketFor } from './rateLimiter';
import type { LeakyBucket } from './rateLimiter';
import type { RetryState } from './retryPolicy';
import { decideRetry } from './retryPolicy';
import type { BitrixCall, EngineSettings, ItemOutcome, ItemPlan } from './types';
import { MAX_BATCH_COMMANDS } from './types';

/** An item's calls in flight: the results so far and the index of the next call to run. */
interface ItemRun {
	plan: ItemPlan;
	results: unknown[];
	next: number;
}

interface Engine {
	context: IExecuteFunctions;
	portal: Portal;
	settings: EngineSettings;
	bucket: LeakyBucket;
	progress: ProgressReporter;
	outcomes: Map<number, ItemOutcome>;
}

function finish(engine: Engine, run: ItemRun, outcome: ItemOutcome): void {
	engine.outcomes.set(run.plan.itemIndex, outcome);
	engine.progress.itemsFinished(1);
}

async function pause(engine: Engine, waitMs: number): Promise<void> {
	if (waitMs <= 0) return;
	await sleep(waitMs);
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
		const pacingMs = engine.bucket.reserve();
		engine.progress.waiting(pacingMs, "the portal's request limit", true);
		await pause(engine, pacingMs);

		const answer = interpretAnswer(
			await postMethod(engine.context, engine.portal, method, params, engine.settings.timeoutMs),
		);
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

/** Bitrix24 sends an empty map as `[]`, a PHP habit. */
function mapOf(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
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
				const failure = failureFromErrorBody(mapOf(errors[key]) as IDataObject);
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

/** Packs whole items into batches of at most 50 commands; an item's calls stay together. */
function packBatches(runs: ItemRun[]): ItemRun[][] {
	const batches: ItemRun[][] = [];
	let current: ItemRun[] = [];
	let size = 0;
	for (const run of runs) {
		const calls = run.plan.calls.length;
		if (size + calls > MAX_BATCH_COMMANDS && current.length > 0) {
			batches.push(current);
			current = [];
			size = 0;
		}
		current.push(run);
		size += calls;
	}
	if (current.length > 0) batches.push(current);
	return batches;
}

async function runPool<T>(units: T[], concurrency: number, worker: (unit: T) => Promise<void>): Promise<void> {
	let nextIndex = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, units.length)) }, async () => {
		while (nextIndex < units.length) {
			const unit = units[nextIndex++];
			await worker(unit);
		}
	});
	await Promise.all(lanes);
}

/**
 * Runs the calls of all input items and returns, for every item, its results or its failure.
 * A lone call goes direct; several go through `batch` unless batching is off.
 */
export async function runPlans(
	context: IExecuteFunctions,
	portal: Portal,
	plans: ItemPlan[],
	settings: EngineSettings,
): Promise<Map<number, ItemOutcome>> {
	const engine: Engine = {
		context,
		portal,
		settings,
		bucket: bucketFor(portal.key, portal.rateLimit),
		progress: new ProgressReporter(context.logger, plans.length),
		outcomes: new Map(),
	};
	const runs: ItemRun[] = [];
	for (const plan of plans) {
		const run = { plan, results: [], next: 0 };
		if (plan.calls.length === 0) finish(engine, run, { ok: true, results: [] });
		else runs.push(run);
	}
	const totalCalls = runs.reduce((sum, run) => sum + run.plan.calls.length, 0);
	if (settings.batching && totalCalls > 1) {
		await runPool(packBatches(runs), settings.concurrency, async (batch) => await runBatch(engine, batch));
	} else {
		await runPool(runs, settings.concurrency, async (run) => await runDirect(engine, run));
	}
	return engine.outcomes;
}

export type { BitrixCall };
