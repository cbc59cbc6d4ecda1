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
 * for the rate limit. A plain array of plans works the same way. Follow-ups join while the lanes
 * run (`putFirst`).
 */
export class WorkQueue {
	private readonly source: Iterator<ItemPlan>;

	/** Pulled from the source and not yet handed out. */
	private readonly ahead: ItemRun[] = [];

	/** Follow-ups waiting, in the order they were asked for; handed out before `ahead`. */
	private readonly followUps: ItemRun[] = [];

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
		while (this.followUps.length + this.ahead.length < count && !this.exhausted) {
			const run = this.pull();
			if (run) this.ahead.push(run);
		}
		return [...this.followUps, ...this.ahead].slice(0, count);
	}

	private take(): ItemRun | undefined {
		return this.followUps.shift() ?? this.ahead.shift();
	}

	/**
	 * An item's next calls, asked for by its earlier results (a follow-up): they go first, so the
	 * items already under way finish before new ones start.
	 */
	putFirst(plan: ItemPlan): void {
		this.followUps.push({ plan, results: [], next: 0 });
	}

	nextRun(): ItemRun | undefined {
		return this.take() ?? this.pull();
	}

	/**
	 * The runs waiting to be handed out, pulling plans until they hold more than `limit` commands or
	 * the source ends; `all` when they are all that is left (apart from follow-ups the answers may
	 * still ask for).
	 */
	lookAhead(limit: number): { runs: ItemRun[]; commands: number; all: boolean } {
		const commandsOf = (runs: ItemRun[]) =>
			runs.reduce((sum, run) => sum + run.plan.calls.length, 0);
		let commands = commandsOf(this.followUps) + commandsOf(this.ahead);
		while (commands <= limit && !this.exhausted) {
			const run = this.pull();
			if (!run) break;
			this.ahead.push(run);
			commands += run.plan.calls.length;
		}
		const all = commands <= limit && this.exhausted;
		return { runs: [...this.followUps, ...this.ahead], commands, all };
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
			batch.push(this.take() as ItemRun);
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
