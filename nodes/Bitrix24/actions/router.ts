import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPlans } from '../engine/runPlans';
import type { Session } from '../engine/session';
import { openSession } from '../engine/session';
import type { ItemOutcome, ItemPlan } from '../engine/types';
import type { Authentication, Portal } from '../transport/portal';
import { resolvePortal } from '../transport/portal';
import { operationOf } from './bindings';
import { engineSettingsFrom } from './common/engineOptions';
import type { BindingOperation, OperationInput } from './common/operationInput';
import type { OperationPlan } from './common/operationPlan';
import { callResults } from './common/operationPlan';
import { parameterReaders } from './common/parameterReaders';
import type { BindingFamily } from './families';
import { familyOf } from './families';
import type { RunResults } from './itemOutput';
import { itemOutput } from './itemOutput';
import { ItemPlanner, withRepeatSafety } from './planner';

/** The family and operation the node is set to, read from the first item as they cannot differ. */
function selectedOperation(
	context: IExecuteFunctions,
	families: readonly BindingFamily[],
): { family: BindingFamily; operation: BindingOperation } {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operationName = context.getNodeParameter('operation', 0) as string;
	const family = familyOf(resource, families);
	const operation = operationOf(operationName);
	if (!family || !operation) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
			{
				description: 'Choose one of the listed resources and operations.',
			},
		);
	}
	return { family, operation };
}

function operationInputs(context: IExecuteFunctions, family: BindingFamily): OperationInput[] {
	const node = context.getNode();
	const readerFor = parameterReaders(context);
	return context.getInputData().map((_item, itemIndex) => {
		const read = readerFor(itemIndex);
		return {
			family,
			itemIndex,
			node,
			read,
			returnBindings: read('options.returnBindings', true) !== false,
		};
	});
}

/**
 * The portal behind the credential. With continue-on-fail n8n would pass the input items on as
 * if they were done when the credential is unusable; instead every item gets its own error item
 * (bad items keep their own refusal, so all of them are planned).
 */
async function connect(
	context: IExecuteFunctions,
	planner: ItemPlanner,
	continueOnFail: boolean,
): Promise<{ portal?: Portal; unusableCredential?: NodeOperationError }> {
	try {
		return {
			portal: await resolvePortal(
				context,
				context.getNodeParameter('authentication', 0) as Authentication,
			),
		};
	} catch (error) {
		const unusable =
			error instanceof NodeOperationError
				? error
				: new NodeOperationError(context.getNode(), error as Error);
		if (!continueOnFail) throw unusable;
		await planner.planAll();
		return { unusableCredential: unusable };
	}
}

/**
 * The next round's plans: for each item answered in the last round whose plan asks for a follow-up
 * (Get's name lookups), that follow-up. It takes the item's place, since the item's output is now
 * the follow-up's; one with no calls is answered at once and joins `answeredNow`.
 */
function nextRound(
	operation: BindingOperation,
	operationPlans: Map<number, OperationPlan>,
	outcomes: Map<number, ItemOutcome>,
	answered: Iterable<number>,
	answeredNow: number[],
): ItemPlan[] {
	const plans: ItemPlan[] = [];
	for (const itemIndex of answered) {
		const outcome = outcomes.get(itemIndex);
		const last = operationPlans.get(itemIndex);
		if (!outcome?.ok || !last?.followUp) continue;
		const next = last.followUp(callResults(last.calls, outcome.results));
		if (!next) continue;
		operationPlans.set(itemIndex, withRepeatSafety(operation, next));
		// The last round's results do not answer the follow-up's calls; the next round's will.
		outcomes.set(itemIndex, { ok: true, results: [] });
		if (next.calls.length === 0) answeredNow.push(itemIndex);
		else plans.push({ itemIndex, calls: next.calls });
	}
	return plans;
}

/** Round after round, as long as some item's plan asks for a follow-up; each round is batched. */
async function runFollowUps(
	session: Session,
	operation: BindingOperation,
	operationPlans: Map<number, OperationPlan>,
	outcomes: Map<number, ItemOutcome>,
): Promise<void> {
	let answered: number[] = [...outcomes.keys()];
	while (answered.length > 0) {
		const answeredNow: number[] = [];
		const plans = nextRound(operation, operationPlans, outcomes, answered, answeredNow);
		const roundOutcomes = plans.length > 0 ? await runPlans(session, plans) : new Map();
		for (const [itemIndex, outcome] of roundOutcomes) {
			outcomes.set(itemIndex, outcome);
			answeredNow.push(itemIndex);
		}
		answered = answeredNow;
	}
}

/**
 * Runs every planned item through the engine, then the follow-up round of those that ask, in one
 * session: both rounds share the bound on waiting for limits and the progress log.
 */
async function runOperation(
	session: Session,
	planner: ItemPlanner,
	operation: BindingOperation,
): Promise<Map<number, ItemOutcome>> {
	const outcomes = await runPlans(session, planner);
	await runFollowUps(session, operation, planner.operationPlans, outcomes);
	return outcomes;
}

function sessionFor(context: IExecuteFunctions, portal: Portal, itemCount: number): Session {
	const settings = engineSettingsFrom(context.getNodeParameter('options', 0, {}) as IDataObject);
	return openSession(context, portal, settings, itemCount);
}

/**
 * Plans the items (all of them before any request unless continue-on-fail is on, see below),
 * runs the plans through the engine and pairs each result back with its item.
 */
export async function route(
	this: IExecuteFunctions,
	families: readonly BindingFamily[],
): Promise<INodeExecutionData[][]> {
	const { family, operation } = selectedOperation(this, families);
	const continueOnFail = this.continueOnFail();
	const inputs = operationInputs(this, family);
	const planner = new ItemPlanner(inputs, operation, this.getNode(), continueOnFail);
	// Without continue-on-fail a bad item stops the run, so every item is planned (and checked)
	// before the first request and nothing changes in Bitrix24. With it, nothing stops the run,
	// and the engine plans items as it sends, so planning overlaps the rate limit's waits.
	if (!continueOnFail) await planner.planAll();
	// The credential is read only when some item needs Bitrix24.
	planner.planAhead();
	const reached = planner.hasPlans() ? await connect(this, planner, continueOnFail) : {};
	const session = reached.portal && sessionFor(this, reached.portal, inputs.length);
	const outcomes = session
		? await runOperation(session, planner, operation)
		: new Map<number, ItemOutcome>();
	const run: RunResults = {
		node: this.getNode(),
		operation,
		outcomes,
		operationPlans: planner.operationPlans,
		refused: planner.refused,
		continueOnFail,
		unusableCredential: reached.unusableCredential,
		connection: session?.connection,
	};
	return [inputs.flatMap((input) => itemOutput(run, input))];
}
