import type { ProgressReporter } from './progress';
import { send } from './send';
import type { Session } from './session';
import type { ItemOutcome, ItemPlan } from './types';
import type { ItemRun } from './workQueue';

/**
 * Asked when all of an item's calls succeeded: the item's next calls, which need those results
 * (a follow-up), or undefined when the item is done. Its outcome is then the last calls'.
 */
export type FollowUp = (itemIndex: number, results: unknown[]) => ItemPlan | undefined;

/**
 * Each item's outcome, set once; finished items count towards the progress log. An item whose
 * results ask for a follow-up goes back to the work queue (`requeue`) instead of finishing, so
 * the follow-ups of early items run while later items are still on their first calls.
 */
export class ItemOutcomes {
	readonly byItem = new Map<number, ItemOutcome>();

	constructor(
		private readonly progress: ProgressReporter,
		private readonly requeue: (plan: ItemPlan) => void,
		private readonly followUp?: FollowUp,
	) {}

	finish(run: ItemRun, outcome: ItemOutcome): void {
		const next = outcome.ok ? this.followUp?.(run.plan.itemIndex, outcome.results) : undefined;
		if (next && next.calls.length > 0) return this.requeue(next);
		// A follow-up that needs no call is answered at once, and may ask for one of its own.
		if (next) return this.finish({ plan: next, results: [], next: 0 }, { ok: true, results: [] });
		// A failure keeps the results of the calls that succeeded before it: they may have changed data.
		const kept: ItemOutcome = outcome.ok ? outcome : { ...outcome, results: run.results };
		this.byItem.set(run.plan.itemIndex, kept);
		this.progress.itemsFinished(1);
	}
}

/** Without batching: the item's calls one after another, each its own request. */
export async function runDirect(
	session: Session,
	outcomes: ItemOutcomes,
	run: ItemRun,
): Promise<void> {
	while (run.next < run.plan.calls.length) {
		const call = run.plan.calls[run.next];
		const { answer, gaveUp } = await send(session, {
			method: call.method,
			params: call.params,
			commandMethods: [call.method],
			repeatSafe: call.repeatSafe !== false,
		});
		if (!answer.ok) {
			outcomes.finish(run, { ok: false, failure: answer.failure, call, gaveUp });
			return;
		}
		run.results.push(answer.result);
		run.next += 1;
	}
	outcomes.finish(run, { ok: true, results: run.results });
}
