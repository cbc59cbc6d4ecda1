import type { Sender } from './send';
import { send } from './send';
import type { ItemOutcome } from './types';
import type { ItemRun } from './workQueue';

/** The engine as one item's run sees it: how to send, and where outcomes go. */
export interface Engine extends Sender {
	outcomes: Map<number, ItemOutcome>;
}

/** Records an item's outcome; each item finishes once. */
export function finish(engine: Engine, run: ItemRun, outcome: ItemOutcome): void {
	// A failure keeps the results of the calls that succeeded before it: they may have changed data.
	engine.outcomes.set(
		run.plan.itemIndex,
		outcome.ok ? outcome : { ...outcome, results: run.results },
	);
	engine.progress.itemsFinished(1);
}

/** Without batching: the item's calls one after another, each its own request. */
export async function runDirect(engine: Engine, run: ItemRun): Promise<void> {
	while (run.next < run.plan.calls.length) {
		const call = run.plan.calls[run.next];
		const { answer, gaveUp } = await send(engine, call.method, call.params, [call.method]);
		if (!answer.ok) {
			finish(engine, run, { ok: false, failure: answer.failure, call, gaveUp });
			return;
		}
		run.results.push(answer.result);
		run.next += 1;
	}
	finish(engine, run, { ok: true, results: run.results });
}
