import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPlans } from '../engine/runPlans';
import type { EngineSettings, ItemOutcome, ItemPlan } from '../engine/types';
import type { Authentication, Portal } from '../transport/portal';
import { resolvePortal } from '../transport/portal';
import { operationOf } from './bindings';
import { engineSettingsFrom } from './common/engineOptions';
import type { BindingOperation, OperationInput } from './common/operationInput';
import { parameterReaders } from './common/parameterReaders';
import type { BindingFamily } from './families';
import { familyOf } from './families';
import type { RunResults } from './itemOutput';
import { itemOutput } from './itemOutput';
import { ItemPlanner } from './planner';

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
 * The second round of an operation whose calls need the first round's results (Get's name
 * lookups): batched like the first, its results appended to each item's first ones.
 */
async function runFollowUps(
	context: IExecuteFunctions,
	portal: Portal,
	settings: EngineSettings,
	inputs: OperationInput[],
	outcomes: Map<number, ItemOutcome>,
	followUp: NonNullable<BindingOperation['followUp']>,
): Promise<void> {
	const plans: ItemPlan[] = [];
	for (const [itemIndex, outcome] of outcomes) {
		if (!outcome.ok) continue;
		const calls = followUp(inputs[itemIndex], outcome.results);
		if (calls.length > 0) plans.push({ itemIndex, calls });
	}
	for (const [itemIndex, second] of await runPlans(context, portal, plans, settings)) {
		const first = outcomes.get(itemIndex);
		outcomes.set(
			itemIndex,
			second.ok && first?.ok
				? { ok: true, results: [...first.results, ...second.results] }
				: second,
		);
	}
}

/** Runs every planned item through the engine, then the follow-up round if the operation has one. */
async function runOperation(
	context: IExecuteFunctions,
	portal: Portal,
	planner: ItemPlanner,
	inputs: OperationInput[],
	operation: BindingOperation,
): Promise<Map<number, ItemOutcome>> {
	const settings = engineSettingsFrom(context.getNodeParameter('options', 0, {}) as IDataObject);
	const outcomes = await runPlans(context, portal, planner, settings, inputs.length);
	if (operation.followUp)
		await runFollowUps(context, portal, settings, inputs, outcomes, operation.followUp);
	return outcomes;
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
	const connection = planner.hasPlans() ? await connect(this, planner, continueOnFail) : {};
	const outcomes = connection.portal
		? await runOperation(this, connection.portal, planner, inputs, operation)
		: new Map<number, ItemOutcome>();
	const run: RunResults = {
		node: this.getNode(),
		operation,
		outcomes,
		refused: planner.refused,
		continueOnFail,
		...connection,
	};
	return [inputs.flatMap((input) => itemOutput(run, input))];
}
