import type { BatchAnswer } from '../transport/batch';
import { commandFailure } from '../transport/batch';
import type { BitrixFailure } from '../transport/failure';
import type { FollowUp } from './itemRun';
import { ItemOutcomes, runDirect } from './itemRun';
import { Retries, retryKindOf } from './retryPolicy';
import { sendCommands } from './sendCommands';
import { commandsForNextRequest } from './spread';
import type { Session } from './session';
import type { BitrixCall, ItemOutcome, ItemPlan } from './types';
import { MAX_BATCH_COMMANDS } from './types';
import type { ItemRun } from './workQueue';
import { WorkQueue } from './workQueue';

function commandKey(run: ItemRun, callIndex: number): string {
	return `i${run.plan.itemIndex}_${callIndex}`;
}

/** The batch answer left this item's next command out: worth a retry, as the portal's fault. */
const UNANSWERED: BitrixFailure = {
	code: '',
	description: 'the batch answer has no result for this command',
	transportProblem: 'incomplete',
};

/** What became of one item's commands in a batch answer. */
type CommandsRead = 'done' | 'failed' | 'paced' | 'unanswered';

/** Takes the item's results from the answer, in order, up to the first command that did not succeed. */
function readItemAnswer(outcomes: ItemOutcomes, run: ItemRun, answer: BatchAnswer): CommandsRead {
	for (; run.next < run.plan.calls.length; run.next += 1) {
		const call = run.plan.calls[run.next];
		const key = commandKey(run, run.next);
		const failure = commandFailure(answer, key);
		if (failure && retryKindOf(failure) === 'operatingLimit') return 'paced';
		if (failure) {
			outcomes.finish(run, { ok: false, failure, call });
			return 'failed';
		}
		if (!(key in answer.results)) return 'unanswered';
		run.results.push(answer.results[key]);
	}
	outcomes.finish(run, { ok: true, results: run.results });
	return 'done';
}

/** The calls of the runs that are still to be made, each under its own key. */
function remainingCommands(runs: ItemRun[]): Record<string, BitrixCall> {
	const commands: Record<string, BitrixCall> = {};
	for (const run of runs) {
		for (let index = run.next; index < run.plan.calls.length; index++)
			commands[commandKey(run, index)] = run.plan.calls[index];
	}
	return commands;
}

function failAll(outcomes: ItemOutcomes, runs: ItemRun[], failure: BitrixFailure, gaveUp?: string) {
	for (const run of runs) {
		outcomes.finish(run, { ok: false, failure, call: run.plan.calls[run.next], gaveUp });
	}
}

/**
 * With batching: up to 50 commands of several items in one request, `halt=0`. Commands refused
 * for their method's operating time go again when it has room (pacing); commands the answer left
 * out are retried together, under one count of retries.
 */
async function runBatch(session: Session, outcomes: ItemOutcomes, runs: ItemRun[]): Promise<void> {
	const retries = new Retries(session);
	let pending = runs;
	while (pending.length > 0) {
		const sent = await sendCommands(session, remainingCommands(pending));
		if (!sent.ok) return failAll(outcomes, pending, sent.failure, sent.gaveUp);
		const read = pending.map((run) => ({ run, read: readItemAnswer(outcomes, run, sent.answer) }));
		pending = read.filter(({ read }) => read === 'paced').map(({ run }) => run);
		const unanswered = read.filter(({ read }) => read === 'unanswered').map(({ run }) => run);
		if (unanswered.length === 0) continue;
		const repeatSafe = unanswered.every((run) => run.plan.calls[run.next].repeatSafe !== false);
		const next = await retries.after(UNANSWERED, repeatSafe);
		if (next.again) pending = [...pending, ...unanswered];
		else failAll(outcomes, unanswered, UNANSWERED, next.gaveUp);
	}
}

/**
 * Runs up to `concurrency` units at once, taking each from `next` (told how many lanes are free,
 * itself included) when a lane is free. A lane that finds no work waits while others are busy,
 * since their answers may bring follow-ups.
 */
async function runPool<T>(
	next: (freeLanes: number) => T | undefined,
	concurrency: number,
	worker: (unit: T) => Promise<void>,
): Promise<void> {
	let busy = 0;
	const idle: Array<() => void> = [];
	const wakeIdle = () => idle.splice(0).forEach((wake) => wake());
	const lane = async () => {
		for (;;) {
			const unit = next(Math.max(1, concurrency) - busy);
			if (unit === undefined && busy === 0) return wakeIdle();
			if (unit === undefined) {
				await new Promise<void>((resolve) => idle.push(resolve));
				continue;
			}
			busy += 1;
			try {
				await worker(unit);
			} finally {
				busy -= 1;
				wakeIdle();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}

/**
 * Runs the calls of all input items and returns, for every item, its results or its failure.
 * A lone call goes direct; several go through `batch` unless batching is off, up to 50 commands a
 * request, the last ones spread over the free lanes (spread.ts). `plans` may be lazy (see
 * WorkQueue): each plan is pulled when a lane has room for it. `followUp` gives an item's next
 * calls once its calls have answered; they join the same run.
 */
export async function runPlans(
	session: Session,
	plans: Iterable<ItemPlan>,
	followUp?: FollowUp,
): Promise<Map<number, ItemOutcome>> {
	const queue: WorkQueue = new WorkQueue(plans, (run) =>
		outcomes.finish(run, { ok: true, results: [] }),
	);
	const outcomes = new ItemOutcomes(session.progress, (plan) => queue.putFirst(plan), followUp);
	const ahead = queue.peek(2);
	const loneCall = ahead.length === 1 && ahead[0].plan.calls.length === 1;
	const { batching, concurrency } = session.settings;
	if (batching && !loneCall) {
		const nextBatch = (freeLanes: number) =>
			queue.nextBatch(
				commandsForNextRequest(queue, MAX_BATCH_COMMANDS, freeLanes, session.bucket.room()),
			);
		await runPool(nextBatch, concurrency, async (batch) => {
			try {
				await runBatch(session, outcomes, batch);
			} finally {
				queue.release(batch);
			}
		});
	} else {
		const nextRun = () => queue.nextRun();
		await runPool(nextRun, concurrency, async (run) => {
			try {
				await runDirect(session, outcomes, run);
			} finally {
				queue.release([run]);
			}
		});
	}
	return outcomes.byItem;
}
