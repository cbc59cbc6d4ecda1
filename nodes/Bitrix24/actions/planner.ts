import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemPlan } from '../engine/types';
import type { BindingOperation, OperationInput } from './common/operationInput';
import type { ListedBindings } from './common/listedBindings';
import type { BulkRead, OperationPlan } from './common/operationPlan';
import type { FoundRecords } from './lookups/found';
import type { Lookup } from './lookups/lookup';
import { firstPlan, foundPlan } from './lookups/planning';
import { inPlanningTurn } from './planningTurns';

/**
 * An item's plan as the engine takes it. Each call of an operation that is not safe to repeat is
 * marked, so the engine's retries can tell by the call (in place, because the plan's output looks
 * its results up by these very objects); an operation that changes bindings names the record it
 * changes, so that the items about one record run in their order.
 */
export function engineItemPlan(
	operation: BindingOperation,
	itemIndex: number,
	plan: OperationPlan,
): ItemPlan {
	if (operation.repeatSafe === false) {
		for (const call of plan.calls) call.repeatSafe = false;
	}
	const record = operation.readOnly ? undefined : plan.calls.find((call) => call.subject)?.subject;
	return { itemIndex, calls: plan.calls, ...(record !== undefined && { changes: record }) };
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

	/** Items planned with a bulk read (Skip Unchanged), and those after them: for the bulk-read round. */
	private readonly awaitingRead = new Map<number, { input: OperationInput; plan: OperationPlan }>();

	constructor(
		private readonly inputs: OperationInput[],
		private readonly operation: BindingOperation,
		private readonly node: INode,
		private readonly continueOnFail: boolean,
	) {}

	/**
	 * Plans every item, giving the event loop back as it goes (planningTurns.ts); without
	 * continue-on-fail, the first bad item throws.
	 */
	async planAll(): Promise<void> {
		await inPlanningTurn(() => this.planNext());
	}

	/**
	 * Plans items until one needs Bitrix24 or none is left, so that hasPlans can tell. An item that
	 * names a record by a value stops it too: the items after it wait for the lookup round, which
	 * plans them as it goes (lookupsToFind).
	 */
	planAhead(): void {
		while (!this.hasPlans() && !this.awaitsRound() && this.planNext()) {
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

	/** Whether planned items wait for the lookup round or the bulk-read round. */
	awaitsRound(): boolean {
		return this.awaitsLookups() || this.awaitingRead.size > 0;
	}

	/** The bulk reads of the items that wait for them. */
	bulkReads(): BulkRead[] {
		return [...this.awaitingRead.values()].flatMap(({ plan }) => plan.bulkRead ?? []);
	}

	/**
	 * Queues the items that waited for the bulk-read round: each with the plan its bindings as
	 * listed give, or its own plan (which reads the record alone) where the list did not decide.
	 */
	planListed(listed: Map<number, ListedBindings>): void {
		const waiting = [...this.awaitingRead.values()];
		this.awaitingRead.clear();
		for (const { input, plan } of waiting) {
			const read = plan.bulkRead;
			const found = read && listed.get(read.ownerId);
			const decided = found && read.plan(found);
			this.planned(input, () => this.queue(input, { ...(decided ?? plan), bulkRead: undefined }));
		}
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
		// The items after one that waits wait too, so the run's changes go out in the items' order.
		if (plan.bulkRead || this.awaitingRead.size > 0) {
			this.awaitingRead.set(input.itemIndex, { input, plan });
			return;
		}
		this.operationPlans.set(input.itemIndex, plan);
		this.ready.push(engineItemPlan(this.operation, input.itemIndex, plan));
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
