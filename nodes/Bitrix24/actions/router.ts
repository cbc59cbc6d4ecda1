import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPlans } from '../engine/runPlans';
import type { Session } from '../engine/session';
import { openSession } from '../engine/session';
import type { FollowUp } from '../engine/itemRun';
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
import { runWithRoundsFirst } from './roundsFirst';
import { ItemPlanner, engineItemPlan } from './planner';
import { hintEmptyGet } from './emptyGetHint';
import { reportLimitWaits } from './waitReport';

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
	const changedEarlier = new Set<number>();
	return context.getInputData().map((_item, itemIndex) => {
		const read = readerFor(itemIndex);
		return {
			family,
			itemIndex,
			node,
			read,
			returnBindings: read('options.returnBindings', true) !== false,
			changedEarlier,
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
 * An item's follow-up (Get's name lookups, Skip Unchanged's write), asked of its plan once its
 * calls have answered. It takes the item's place, since the item's output is now the follow-up's,
 * and joins the same run, so follow-ups go out while later items are still on their first calls.
 */
function followUpsOf(
	operation: BindingOperation,
	operationPlans: Map<number, OperationPlan>,
): FollowUp {
	return (itemIndex, results) => {
		const last = operationPlans.get(itemIndex);
		const next = last?.followUp?.(callResults(last.calls, results));
		if (!next) return undefined;
		operationPlans.set(itemIndex, next);
		return engineItemPlan(operation, itemIndex, next);
	};
}

/** Runs every planned item, and the follow-ups their results ask for, through the engine. */
async function runOperation(
	session: Session,
	planner: ItemPlanner,
	operation: BindingOperation,
	continueOnFail: boolean,
): Promise<Map<number, ItemOutcome>> {
	const followUps = followUpsOf(operation, planner.operationPlans);
	const run = async (plans: Iterable<ItemPlan>) => await runPlans(session, plans, followUps);
	// Records named by e-mail, phone, name or tax ID are found first, and Skip Unchanged's
	// records are read together (roundsFirst.ts).
	return await runWithRoundsFirst(session, planner, run, !continueOnFail);
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
	const needed = planner.hasPlans() || planner.awaitsRound();
	const reached = needed ? await connect(this, planner, continueOnFail) : {};
	const session = reached.portal && sessionFor(this, reached.portal, inputs.length);
	const outcomes = session
		? await runOperation(session, planner, operation, continueOnFail)
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
	const output = inputs.flatMap((input) => itemOutput(run, input));
	if (session) reportLimitWaits(this, session, operation, output);
	hintEmptyGet(this, inputs, output);
	return [output];
}
