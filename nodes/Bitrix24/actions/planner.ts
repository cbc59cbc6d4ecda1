import type { INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ItemPlan } from '../engine/types';
import type { BindingOperation, OperationInput } from './common/operationInput';
import type { OperationPlan } from './common/operationPlan';
import type { FoundRecords } from './lookups/found';
import type { Lookup } from './lookups/lookup';
import { firstPlan, foundPlan } from './lookups/planning';

/** Longest stretch of planning before other work in the process gets a turn. */
const PLANNING_SLICE_MS = 20;

/** The end of the last planning turn handed out in this process (n8n loads the node once a process). */
let lastPlanningTurn: Promise<void> = Promise.resolve();

/** A place in the process's queue of executions waiting to plan: wait for `ready`, call `done`. */
function takePlanningTurn(): { ready: Promise<void>; done: () => void } {
	const ready = lastPlanningTurn;
	let done = () => {};
	lastPlanningTurn = new Promise<void>((resolve) => {
		done = resolve;
	});
	return { ready, done };
}

/**
 * Marks each call of an operation that is not safe to repeat, so the engine's retries can tell by
 * the call. In place, because the plan's output looks its results up by these very objects.
 */
export function withRepeatSafety(operation: BindingOperation, plan: OperationPlan): OperationPlan {
	if (operation.repeatSafe === false) {
		for (const call of plan.calls) call.repeatSafe = false;
	}
	return plan;
}

/**
 * Turns items into plans one at a time, as the engine asks for them, and keeps the refusals.
 * Planning evaluates the item's expressions, which costs about 0.1 ms a parameter: for thousands
 * of items, planning lazily lets it run while earlier requests wait for the rate limit.
 */
export class ItemPlanner implements Iterable<ItemPlan> {
	/** Items whose input was refused, with the reason, filled as planning goes. */
	readonly refused = new Map<number, NodeOperationError>();

	/**
	 * Each planned item's plan, for its output once its calls have run; a follow-up round puts
	 * its own plan in its item's place.
	 */
	readonly operationPlans = new Map<number, OperationPlan>();

	/** Planned and not yet handed out: `ready[taken]` onwards. */
	private readonly ready: ItemPlan[] = [];

	private taken = 0;

	private nextInput = 0;

	/** Items planned with stand-ins for the records they name by a value, and those lookups. */
	private readonly awaiting = new Map<number, { input: OperationInput; lookups: Lookup[] }>();

	/** Their lookups not yet handed to the lookup round. */
	private readonly unsentLookups: Lookup[] = [];

	constructor(
		private readonly inputs: OperationInput[],
		private readonly operation: BindingOperation,
		private readonly node: INode,
		private readonly continueOnFail: boolean,
	) {}

	/**
	 * Plans every item; without continue-on-fail, the first bad item throws. Planning is
	 * synchronous work (n8n evaluating expressions, milliseconds an item with n8n's `vm` engine),
	 * and an n8n worker runs several executions in one event loop. So planning gives the loop back
	 * every PLANNING_SLICE_MS, letting other executions' paced requests go out on time, and the
	 * process's executions plan one after another: the first one starts sending while the next
	 * plans, instead of all of them sending nothing until they have all planned.
	 */
	async planAll(): Promise<void> {
		const myTurn = takePlanningTurn();
		await myTurn.ready;
		try {
			let sliceStart = Date.now();
			while (this.planNext()) {
				if (Date.now() - sliceStart < PLANNING_SLICE_MS) continue;
				await sleep(0);
				sliceStart = Date.now();
			}
		} finally {
			myTurn.done();
		}
	}

	/**
	 * Plans items until one needs Bitrix24 or none is left, so that hasPlans can tell. An item that
	 * names a record by a value stops it too: the items after it wait for the lookup round, which
	 * plans them as it goes (lookupsToFind).
	 */
	planAhead(): void {
		while (!this.hasPlans() && !this.awaitsLookups() && this.planNext()) {
			// planNext queues the plan, puts the item aside for the lookups, or records the refusal
		}
	}

	/** Whether a planned item waits to be handed out; plans nothing (see planAhead). */
	hasPlans(): boolean {
		return this.taken < this.ready.length;
	}

	*[Symbol.iterator](): Iterator<ItemPlan> {
		for (this.planAhead(); this.hasPlans(); this.planAhead()) {
			const plan = this.ready[this.taken];
			this.taken += 1;
			yield plan;
		}
	}

	/** Whether planned items wait for records they name by e-mail, phone, name or tax ID. */
	awaitsLookups(): boolean {
		return this.awaiting.size > 0;
	}

	/**
	 * The lookups of the items that wait for them, for the lookup round: those not handed out yet
	 * (planAll may add more while the round's requests are out), and when there are none, those of
	 * the next item planned here (an item without lookups is queued). Ends when every item is planned.
	 */
	*lookupsToFind(): Generator<Lookup> {
		for (;;) {
			if (this.unsentLookups.length > 0) yield* this.unsentLookups.splice(0);
			else if (!this.planNext()) return;
		}
	}

	/** Plans the waiting items with what the lookup round found; a value that found none fails its item. */
	planFound(found: FoundRecords): void {
		for (const { input } of this.awaiting.values()) {
			this.planned(input, () => this.queue(input, foundPlan(this.operation, input, found)));
		}
		this.awaiting.clear();
	}

	/** Plans one more item; false when none is left. */
	private planNext(): boolean {
		const input = this.inputs[this.nextInput];
		if (!input) return false;
		this.nextInput += 1;
		this.planned(input, () => {
			const { plan, lookups } = firstPlan(this.operation, input);
			if (lookups.length === 0) return this.queue(input, plan);
			this.awaiting.set(input.itemIndex, { input, lookups });
			this.unsentLookups.push(...lookups);
		});
		return true;
	}

	private queue(input: OperationInput, plan: OperationPlan): void {
		withRepeatSafety(this.operation, plan);
		this.operationPlans.set(input.itemIndex, plan);
		this.ready.push({ itemIndex: input.itemIndex, calls: plan.calls });
	}

	/** Runs one item's planning; its refusal fails the run, or with continue-on-fail the item. */
	private planned(input: OperationInput, planIt: () => void): void {
		try {
			planIt();
		} catch (error) {
			const refusal =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.node, error as Error, { itemIndex: input.itemIndex });
			if (!this.continueOnFail) throw refusal;
			this.refused.set(input.itemIndex, refusal);
		}
	}
}
