import type { ItemPlan } from './types';

/** An item's calls in flight: the results so far and the index of the next call to run. */
export interface ItemRun {
	plan: ItemPlan;
	results: unknown[];
	next: number;
}

/**
 * Hands out work as the lanes ask for it and only then pulls plans from the source. Planning an
 * item evaluates its n8n expressions (about 0.1 ms each), so planning ten thousand items up front
 * would hold the first request back by seconds; pulled lazily, it runs while earlier requests wait
 * for the rate limit. A plain array of plans works the same way.
 */
export class WorkQueue {
	private readonly source: Iterator<ItemPlan>;

	private readonly ahead: ItemRun[] = [];

	private exhausted = false;

	constructor(
		plans: Iterable<ItemPlan>,
		/** Items that need no call at all are done as soon as they are seen. */
		private readonly onNoCalls: (run: ItemRun) => void,
	) {
		this.source = plans[Symbol.iterator]();
	}

	/** The next `count` runs (fewer at the end), without taking them. */
	peek(count: number): ItemRun[] {
		while (this.ahead.length < count && !this.exhausted) {
			const run = this.pull();
			if (run) this.ahead.push(run);
		}
		return this.ahead.slice(0, count);
	}

	nextRun(): ItemRun | undefined {
		return this.ahead.shift() ?? this.pull();
	}

	/** Whole items up to `maxCommands` calls; an item's calls stay together, in order. */
	nextBatch(maxCommands: number): ItemRun[] | undefined {
		const batch: ItemRun[] = [];
		let size = 0;
		for (;;) {
			const [run] = this.peek(1);
			if (!run) break;
			const calls = run.plan.calls.length;
			if (batch.length > 0 && size + calls > maxCommands) break;
			batch.push(this.ahead.shift() as ItemRun);
			size += calls;
		}
		return batch.length > 0 ? batch : undefined;
	}

	private pull(): ItemRun | undefined {
		while (!this.exhausted) {
			const step = this.source.next();
			if (step.done) {
				this.exhausted = true;
				return undefined;
			}
			const run: ItemRun = { plan: step.value, results: [], next: 0 };
			if (run.plan.calls.length > 0) return run;
			this.onNoCalls(run);
		}
		return undefined;
	}
}
