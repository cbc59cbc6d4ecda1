import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPlans } from '../engine/runPlans';
import type { EngineSettings, ItemOutcome, ItemPlan } from '../engine/types';
import { failureToNodeApiError } from '../transport/errors';
import type { Authentication, Portal } from '../transport/portal';
import { resolvePortal } from '../transport/portal';
import { operationOf } from './bindings';
import { engineSettingsFrom } from './common/engineOptions';
import type { BindingOperation, OperationInput } from './common/operationInput';
import { parameterReaders } from './common/parameterReaders';
import type { BindingFamily } from './families';
import { familyOf, rightsNeeded } from './families';
import { ItemPlanner } from './planner';

function errorItem(error: NodeOperationError | Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const description = (error as NodeOperationError).description;
	if (description) json.description = description;
	const httpCode = (error as { httpCode?: string | null }).httpCode;
	if (httpCode) json.httpCode = httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Without continue-on-fail one refused item fails the node, yet the other items' requests have
 * run by then: say how many of them changed Bitrix24, so the user knows where the portal stands.
 */
function changedElsewhereNote(operation: BindingOperation, outcomes: Map<number, ItemOutcome>, failedIndex: number): string {
	if (operation.readOnly) return '';
	let changed = 0;
	for (const [itemIndex, outcome] of outcomes) {
		// A failed read-back still means the change itself was made.
		if (itemIndex !== failedIndex && (outcome.ok || outcome.call.readBack)) changed++;
	}
	if (changed === 0) return ' No other item changed anything in Bitrix24.';
	const items = changed === 1 ? '1 other item was' : `${changed} other items were`;
	return ` ${items} changed in Bitrix24 in this run, and those changes stand. Running the node again is safe: items already done give the same result.`;
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
		outcomes.set(itemIndex, second.ok && first?.ok ? { ok: true, results: [...first.results, ...second.results] } : second);
	}
}

/**
 * Plans the items (all of them before any request unless continue-on-fail is on, see below),
 * runs the plans through the engine and pairs each result back with its item.
 */
export async function route(this: IExecuteFunctions, families: readonly BindingFamily[]): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const family = familyOf(resource, families);
	const operation = operationOf(operationName);
	if (!family || !operation) {
		throw new NodeOperationError(node, `The operation "${operationName}" is not supported for "${resource}"`, {
			description: 'Choose one of the listed resources and operations.',
		});
	}
	const authentication = this.getNodeParameter('authentication', 0) as Authentication;
	const settings = engineSettingsFrom(this.getNodeParameter('options', 0, {}) as IDataObject);
	const continueOnFail = this.continueOnFail();

	const readerFor = parameterReaders(this);
	const inputs: OperationInput[] = items.map((_item, itemIndex) => {
		const read = readerFor(itemIndex);
		return { family, itemIndex, node, read, returnBindings: read('options.returnBindings', true) !== false };
	});

	const planner = new ItemPlanner(inputs, operation, node, continueOnFail);
	// Without continue-on-fail a bad item stops the run, so every item is planned (and checked)
	// before the first request and nothing changes in Bitrix24. With it, nothing stops the run,
	// and the engine plans items as it sends, so planning overlaps the rate limit's waits.
	if (!continueOnFail) planner.planAll();
	const refused = planner.refused;
	let portal: Portal | undefined;
	let unusableCredential: NodeOperationError | undefined;
	if (planner.hasPlans()) {
		try {
			portal = await resolvePortal(this, authentication);
		} catch (error) {
			// With continue-on-fail n8n would pass the input items on as if they were done; instead
			// every item gets its own error item (bad items keep their own refusal).
			const unusable = error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error);
			if (!continueOnFail) throw unusable;
			unusableCredential = unusable;
			planner.planAll();
		}
	}
	const outcomes = portal
		? await runPlans(this, portal, planner, settings, inputs.length)
		: new Map<number, ItemOutcome>();

	if (portal && operation.followUp) {
		await runFollowUps(this, portal, settings, inputs, outcomes, operation.followUp);
	}

	const output: INodeExecutionData[] = [];
	for (const input of inputs) {
		const { itemIndex } = input;
		const refusal = refused.get(itemIndex);
		if (refusal ?? unusableCredential) {
			output.push(errorItem((refusal ?? unusableCredential) as NodeOperationError, itemIndex));
			continue;
		}
		const outcome = outcomes.get(itemIndex);
		if (outcome?.ok) {
			for (const json of operation.shape(input, outcome.results)) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
			continue;
		}
		const error = outcome
			? failureToNodeApiError(node, outcome.failure, {
					method: outcome.call.method,
					subject: outcome.call.subject,
					itemIndex,
					secrets: portal?.secrets ?? [],
					gaveUp: outcome.gaveUp,
					credentialType: portal?.credentialType,
					rights: rightsNeeded(family),
				})
			: new NodeOperationError(node, `Item ${itemIndex} got no answer`, { itemIndex });
		if (outcome?.call.readBack) {
			// The change went through and only reading it back failed: the item is done, and says so.
			const readBackError = `The change was made, but reading it back failed: ${error.message}. ${error.description ?? ''}`.trim();
			for (const json of operation.shape(input, outcome.results ?? [])) {
				output.push({ json: { ...json, readBackError }, pairedItem: { item: itemIndex } });
			}
			continue;
		}
		if (!continueOnFail) {
			error.description = `${error.description ?? ''}${changedElsewhereNote(operation, outcomes, itemIndex)}`.trim();
			throw error;
		}
		output.push(errorItem(error, itemIndex));
	}
	return [output];
}
