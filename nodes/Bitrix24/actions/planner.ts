import type { INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ItemPlan } from '../engine/types';
import type { BindingOperation, OperationInput } from './common/operationInput';
import type { OperationPlan } from './common/operationPlan';

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

	/** Plans items until one needs Bitrix24 or none is left, so that hasPlans can tell. */
	planAhead(): void {
		while (!this.hasPlans() && this.planNext()) {
			// planNext queues the plan or records the refusal
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

	/** Plans one more item; false when none is left. */
	private planNext(): boolean {
		const input = this.inputs[this.nextInput];
		if (!input) return false;
		this.nextInput += 1;
		try {
			const plan = withRepeatSafety(this.operation, this.operation.plan(input));
			this.operationPlans.set(input.itemIndex, plan);
			this.ready.push({ itemIndex: input.itemIndex, calls: plan.calls });
		} catch (error) {
			const refusal =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.node, error as Error, { itemIndex: input.itemIndex });
			if (!this.continueOnFail) throw refusal;
			this.refused.set(input.itemIndex, refusal);
		}
		return true;
	}
}
