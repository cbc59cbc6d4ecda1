import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPlans } from '../engine/runPlans';
import type { ItemOutcome, ItemPlan } from '../engine/types';
import { failureToNodeApiError } from '../transport/errors';
import type { Authentication } from '../transport/portal';
import { resolvePortal } from '../transport/portal';
import { operationOf } from './bindings';
import { engineSettingsFrom } from './common/engineOptions';
import type { OperationInput } from './common/operationInput';
import { familyOf } from './families';

function errorItem(error: NodeOperationError | Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const description = (error as NodeOperationError).description;
	if (description) json.description = description;
	const httpCode = (error as { httpCode?: string | null }).httpCode;
	if (httpCode) json.httpCode = httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Plans every item first, so bad input is refused before any request; then runs all plans
 * through the engine at once and pairs each result back with its item.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const family = familyOf(resource);
	const operation = operationOf(operationName);
	if (!family || !operation) {
		throw new NodeOperationError(node, `The operation "${operationName}" is not supported for "${resource}"`, {
			description: 'Choose one of the listed resources and operations.',
		});
	}
	const authentication = this.getNodeParameter('authentication', 0) as Authentication;
	const settings = engineSettingsFrom(this.getNodeParameter('options', 0, {}) as IDataObject);
	const continueOnFail = this.continueOnFail();

	const inputs: OperationInput[] = items.map((_item, itemIndex) => ({
		family,
		itemIndex,
		node,
		read: (name, fallback) => this.getNodeParameter(name, itemIndex, fallback),
		returnBindings: (this.getNodeParameter('options.returnBindings', itemIndex, true) as boolean) !== false,
	}));

	const plans: ItemPlan[] = [];
	const refused = new Map<number, NodeOperationError>();
	for (const input of inputs) {
		try {
			plans.push({ itemIndex: input.itemIndex, calls: operation.plan(input) });
		} catch (error) {
			const refusal =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(node, error as Error, { itemIndex: input.itemIndex });
			if (!continueOnFail) throw refusal;
			refused.set(input.itemIndex, refusal);
		}
	}

	const portal = plans.length > 0 ? await resolvePortal(this, authentication) : undefined;
	const outcomes = portal ? await runPlans(this, portal, plans, settings) : new Map<number, ItemOutcome>();

	if (portal && operation.followUp) {
		const followUps: ItemPlan[] = [];
		for (const [itemIndex, outcome] of outcomes) {
			if (!outcome.ok) continue;
			const calls = operation.followUp(inputs[itemIndex], outcome.results);
			if (calls.length > 0) followUps.push({ itemIndex, calls });
		}
		const followUpOutcomes = await runPlans(this, portal, followUps, settings);
		for (const [itemIndex, followUpOutcome] of followUpOutcomes) {
			const first = outcomes.get(itemIndex);
			if (followUpOutcome.ok && first?.ok) {
				outcomes.set(itemIndex, { ok: true, results: [...first.results, ...followUpOutcome.results] });
			} else {
				outcomes.set(itemIndex, followUpOutcome);
			}
		}
	}

	const output: INodeExecutionData[] = [];
	for (const input of inputs) {
		const { itemIndex } = input;
		const refusal = refused.get(itemIndex);
		if (refusal) {
			output.push(errorItem(refusal, itemIndex));
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
				})
			: new NodeOperationError(node, `Item ${itemIndex} got no answer`, { itemIndex });
		if (!continueOnFail) throw error;
		output.push(errorItem(error, itemIndex));
	}
	return [output];
}
