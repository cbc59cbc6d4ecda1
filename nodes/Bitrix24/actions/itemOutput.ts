import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome } from '../engine/types';
import { failureToNodeApiError } from '../explanations';
import type { Connection } from '../transport/connection';
import type { BindingOperation, OperationInput } from './common/operationInput';
import type { OperationPlan } from './common/operationPlan';
import { callResults } from './common/operationPlan';
import { rightsNeeded } from './families';

/** What the run left for the items, for turning each into its output. */
export interface RunResults {
	node: INode;
	operation: BindingOperation;
	outcomes: Map<number, ItemOutcome>;
	/** The plan each item's outcome answers: the follow-up's, for an item that had one. */
	operationPlans: Map<number, OperationPlan>;
	/** Items whose input was refused before any request. */
	refused: Map<number, NodeOperationError>;
	/** Set when the credential could not be used (continue-on-fail only): every item's error. */
	unusableCredential?: NodeOperationError;
	/** Where the run went: whose secrets to keep out of errors, and which credential to fix. */
	connection?: Connection;
	continueOnFail: boolean;
}

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
function changedElsewhereNote(
	operation: BindingOperation,
	outcomes: Map<number, ItemOutcome>,
	failedIndex: number,
): string {
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

function outputItems(
	plan: OperationPlan,
	itemIndex: number,
	results: unknown[],
	extra: IDataObject = {},
): INodeExecutionData[] {
	return plan
		.output(callResults(plan.calls, results))
		.map((json) => ({ json: { ...json, ...extra }, pairedItem: { item: itemIndex } }));
}

/** The error of an item Bitrix24 did not serve, in words that say what to do. */
function failureOf(run: RunResults, input: OperationInput, outcome: ItemOutcome | undefined) {
	const { itemIndex } = input;
	if (!outcome || outcome.ok)
		return new NodeOperationError(run.node, `Item ${itemIndex} got no answer`, { itemIndex });
	return failureToNodeApiError(run.node, outcome.failure, {
		method: outcome.call.method,
		subject: outcome.call.subject,
		itemIndex,
		secrets: run.connection?.secrets ?? [],
		gaveUp: outcome.gaveUp,
		credentialType: run.connection?.credentialType,
		rights: rightsNeeded(input.family),
	});
}

/**
 * One item's output: what its plan builds from the results, or its error item. Without
 * continue-on-fail a failed item throws instead, saying what the other items changed.
 */
export function itemOutput(run: RunResults, input: OperationInput): INodeExecutionData[] {
	const { itemIndex } = input;
	const refusal = run.refused.get(itemIndex) ?? run.unusableCredential;
	if (refusal) return [errorItem(refusal, itemIndex)];
	const outcome = run.outcomes.get(itemIndex);
	const plan = run.operationPlans.get(itemIndex);
	if (plan && outcome?.ok) return outputItems(plan, itemIndex, outcome.results);
	const error = failureOf(run, input, outcome);
	if (plan && outcome?.ok === false && outcome.call.readBack) {
		// The change went through and only reading it back failed: the item is done, and says so.
		const readBackError =
			`The change was made, but reading it back failed: ${error.message}. ${error.description ?? ''}`.trim();
		return outputItems(plan, itemIndex, outcome.results ?? [], { readBackError });
	}
	if (!run.continueOnFail) {
		error.description =
			`${error.description ?? ''}${changedElsewhereNote(run.operation, run.outcomes, itemIndex)}`.trim();
		throw error;
	}
	return [errorItem(error, itemIndex)];
}
