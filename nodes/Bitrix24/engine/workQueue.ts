import type { ItemPlan } from './types';

/** Runs the hand-out scans past when they must wait for their record (see freePositions). */
const MAX_HELD_BACK = 50;

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

	/**
	 * Records changed by runs handed out and not yet released. One request at a time holds a
	 * record (the others' runs of it are held back), so a set is enough.
	 */
	private readonly recordsInFlight = new Set<string>();

	constructor(
		plans: Iterable<ItemPlan>,
		/** Items that need no call at all are done as soon as they are seen. */
		private readonly onNoCalls: (run: ItemRun) => void,
	) {
		this.source = plans[Symbol.iterator]();
	}

	/** The next `count` runs (fewer at the end), without taking them. */
	peek(count: number): ItemRun[] {
		this.fill(count);
		return [...this.followUps, ...this.ahead].slice(0, count);
	}

	/** Pulls plans until `count` runs wait or the source ends. */
	private fill(count: number): void {
		while (this.followUps.length + this.ahead.length < count && !this.exhausted) {
			const run = this.pull();
			if (run) this.ahead.push(run);
		}
	}

	/** The run at `position` of the waiting ones (follow-ups first), pulling plans to reach it. */
	private runAt(position: number): ItemRun | undefined {
		this.fill(position + 1);
		const queued = this.followUps.length;
		return position < queued ? this.followUps[position] : this.ahead[position - queued];
	}

	private takeAt(position: number): ItemRun {
		const [run] =
			position < this.followUps.length
				? this.followUps.splice(position, 1)
				: this.ahead.splice(position - this.followUps.length, 1);
		if (run.plan.changes !== undefined) this.recordsInFlight.add(run.plan.changes);
		return run;
	}

	/**
	 * The positions of the runs that may go now, in order: a run that changes a record another
	 * request in flight changes waits, and so do the later runs of that record, so that a record's
	 * changes reach the portal in the items' order (requests in flight run in any order). The scan
	 * stops after MAX_HELD_BACK held runs, so that one busy record does not plan the whole input.
	 */
	private *freePositions(): Generator<number> {
		const held = new Set<string>();
		let heldRuns = 0;
		for (let position = 0; heldRuns <= MAX_HELD_BACK; position++) {
			const run = this.runAt(position);
			if (!run) return;
			const record = run.plan.changes;
			if (record === undefined || !(this.recordsInFlight.has(record) || held.has(record))) {
				yield position;
				continue;
			}
			held.add(record);
			heldRuns += 1;
		}
	}

	/** The records of runs handed out are free again once their request has ended. */
	release(runs: ItemRun[]): void {
		for (const { plan } of runs) {
			if (plan.changes !== undefined) this.recordsInFlight.delete(plan.changes);
		}
	}

	/**
	 * An item's next calls, asked for by its earlier results (a follow-up): they go first, so the
	 * items already under way finish before new ones start.
	 */
	putFirst(plan: ItemPlan): void {
		this.followUps.push({ plan, results: [], next: 0 });
	}

	nextRun(): ItemRun | undefined {
		for (const position of this.freePositions()) return this.takeAt(position);
		return undefined;
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

	/**
	 * Whole items up to `maxCommands` calls, in order, leaving the runs that must wait (see
	 * freePositions); an item's calls stay together, in order.
	 */
	nextBatch(maxCommands: number): ItemRun[] | undefined {
		const positions: number[] = [];
		let size = 0;
		for (const position of this.freePositions()) {
			const calls = (this.runAt(position) as ItemRun).plan.calls.length;
			if (positions.length > 0 && size + calls > maxCommands) break;
			positions.push(position);
			size += calls;
		}
		// From the last, so that taking one does not move the positions still to take.
		const batch = positions.reverse().map((position) => this.takeAt(position));
		return batch.length > 0 ? batch.reverse() : undefined;
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
