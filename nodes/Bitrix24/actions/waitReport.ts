import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { WaitSpent } from '../engine/limitWaits';
import { causeInWords } from '../engine/limitWaits';
import type { Session } from '../engine/session';
import type { BindingOperation } from './common/operationInput';

/** Shorter waits are the bucket's ordinary pace, not worth a word. */
const REPORT_FROM_MS = 2_000;

function inWords(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}

/** Items whose Report Change shows nothing added, nothing removed and the same primary. */
function itemsThatChangedNothing(output: INodeExecutionData[]): number {
	return output.filter(({ json }) => {
		const change = json.change as IDataObject | undefined;
		return (
			change !== undefined &&
			(change.added as unknown[]).length === 0 &&
			(change.removed as unknown[]).length === 0 &&
			change.primaryBefore === change.primaryAfter
		);
	}).length;
}

/** What Skip Unchanged would have spared, when the run waited for the changes' own method. */
function skipAdvice(
	context: IExecuteFunctions,
	operation: BindingOperation,
	changeWait: WaitSpent | undefined,
	output: INodeExecutionData[],
): string {
	if (!operation.skipsUnchanged || !changeWait) return '';
	if (context.getNodeParameter('options.skipUnchanged', 0, false) === true) return '';
	const unchanged = itemsThatChangedNothing(output);
	const spared = `most of the ${inWords(changeWait.ms)} spent waiting for ${causeInWords(changeWait.cause)}`;
	if (unchanged > output.length / 2)
		return ` ${unchanged} of ${output.length} items changed nothing: Skip Unchanged (Options) would have spared ${spared}.`;
	return ` If most records are already right, Skip Unchanged (Options) changes only the ones that differ and spares ${spared}.`;
}

/**
 * Tells the user where a run's time went when Bitrix24's limits held it back: how long, for
 * which limit and which method, in the n8n log and as a hint in the output panel (where the
 * running n8n shows execution hints).
 */
export function reportLimitWaits(
	context: IExecuteFunctions,
	session: Session,
	operation: BindingOperation,
	output: INodeExecutionData[],
): void {
	const totalMs = session.limitWaits.spentMs();
	if (totalMs < REPORT_FROM_MS) return;
	const spent = session.limitWaits.spentByCause().filter(({ ms }) => ms >= 500);
	const parts = spent.map(({ cause, ms }) => `${inWords(ms)} for ${causeInWords(cause)}`);
	const changeWait = spent.find(
		({ cause }) => cause.limit === 'operating' && !cause.method.endsWith('.items.get'),
	);
	const message = `Bitrix24's limits held this run back ${inWords(totalMs)} in all: ${parts.join(', ')}.${skipAdvice(context, operation, changeWait, output)}`;
	context.logger.info(`Bitrix24: ${message}`);
	// n8n before 1.9x has no execution hints: the log line is all it gets.
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, type: 'info', location: 'outputPane' });
}
