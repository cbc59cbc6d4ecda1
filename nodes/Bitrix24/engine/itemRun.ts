import type { ProgressReporter } from './progress';
import { send } from './send';
import type { Session } from './session';
import type { ItemOutcome } from './types';
import type { ItemRun } from './workQueue';

/** Each item's outcome, set once; finished items count towards the progress log. */
export class ItemOutcomes {
	readonly byItem = new Map<number, ItemOutcome>();

	constructor(private readonly progress: ProgressReporter) {}

	finish(run: ItemRun, outcome: ItemOutcome): void {
		// A failure keeps the results of the calls that succeeded before it: they may have changed data.
		this.byItem.set(
			run.plan.itemIndex,
			outcome.ok ? outcome : { ...outcome, results: run.results },
		);
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
