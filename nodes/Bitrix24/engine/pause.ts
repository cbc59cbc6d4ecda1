import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * Sleeps `waitMs`. Timers count from the event loop's cached clock, which lags after synchronous
 * work (such as planning a batch), so they can fire early: the loop sleeps again for what is left.
 * Long waits sleep in slices so that a cancelled execution stops within a second.
 */
export async function pause(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	waitMs: number,
): Promise<void> {
	const until = Date.now() + waitMs;
	for (let left = waitMs; left > 0; left = until - Date.now()) {
		await sleep(Math.min(left, 1_000));
		// Loading a picker's list has no cancel signal: only executions do.
		if ('getExecutionCancelSignal' in context && context.getExecutionCancelSignal()?.aborted) {
			throw new Error('The execution was cancelled');
		}
	}
}
