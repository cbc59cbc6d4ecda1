import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationInput } from './common/operationInput';

/**
 * Get's default output gives one item per binding, so a record with nothing bound gives no item;
 * when no record has any, n8n stops the workflow after this node without a word. Saved workflows
 * depend on that output, so it stays; the run says so instead, in the log and as a hint in the
 * output panel, with the two ways to get an item for every record.
 */
export function hintEmptyGet(
	context: IExecuteFunctions,
	inputs: OperationInput[],
	output: INodeExecutionData[],
): void {
	const [first] = inputs;
	if (!first || context.getNodeParameter('operation', 0) !== 'get') return;
	if (context.getNodeParameter('output', 0, 'perBinding') !== 'perBinding') return;
	const answered = new Set(output.map((item) => (item.pairedItem as { item: number }).item));
	const empty = inputs.filter((input) => !answered.has(input.itemIndex)).length;
	if (empty === 0) return;
	const { owner, bound } = first.family;
	const all = empty === inputs.length;
	const whose = (count: number) =>
		count === 1 ? `The ${owner.label} has` : `None of the ${count} ${owner.plural} has`;
	const which = all ? whose(empty) : `${empty} of ${inputs.length} ${owner.plural} have`;
	const stops = all ? ', so the workflow stops after this node' : '';
	const message = `${which} no ${bound.plural} bound: with Output "One Item per Binding" such a ${owner.label} gives no item${stops}. To get an item for every ${owner.label}, choose Output "All Bindings in One Item", or turn on Always Output Data in the node's settings.`;
	context.logger.info(`Bitrix24: ${message}`);
	// n8n before 1.9x has no execution hints: the log line is all it gets.
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
}
