import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperatingWindow } from '../Bitrix24/transport/tariff';
import type { ReadCost } from './commandRuns';

/*
 * Whether the poll interval leaves room for a poll under the portal's operating-time limit: each
 * method may run `limitMs` in any `windowMs` for one webhook or application (cloud: 480 s in 10
 * minutes, b24restdocs limits.md), and every poll runs crm.item.list over every watched record.
 * A poll that needs more than its share would be held back again and again, falling behind.
 */

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { minutes: MINUTE, hours: 60 * MINUTE };
const MODE_MS: Record<string, number> = {
	everyMinute: MINUTE,
	everyHour: 60 * MINUTE,
	everyDay: 24 * 60 * MINUTE,
	everyWeek: 7 * 24 * 60 * MINUTE,
	everyMonth: 28 * 24 * 60 * MINUTE,
};

/** The shortest interval of the Poll Times n8n adds to the node; undefined for custom cron only. */
export function pollIntervalMs(context: IPollFunctions): number | undefined {
	const pollTimes = context.getNodeParameter('pollTimes', {}) as { item?: IDataObject[] };
	const intervals = (pollTimes.item ?? []).map((time) => {
		if (time.mode === 'everyX') return Number(time.value) * (UNIT_MS[String(time.unit)] ?? NaN);
		return MODE_MS[String(time.mode)] ?? NaN;
	});
	const known = intervals.filter((ms) => Number.isFinite(ms) && ms > 0);
	return known.length > 0 ? Math.min(...known) : undefined;
}

/** The heaviest method of a poll and its operating time. */
function heaviest(cost: ReadCost): { method: string; ms: number } {
	const [method, ms] = Object.entries(cost.operatingMs).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
	return { method, ms };
}

export interface BudgetVerdict {
	/** The share of the operating-time limit polls at this interval use: 1 is all of it. */
	share: number;
	/** One poll needs more than a whole window allows: each poll waits for the limit. */
	overWindow: boolean;
	message: string;
}

/** How much of the limit polls at this interval take, in words; undefined when unknown. */
export function budgetVerdict(
	cost: ReadCost,
	records: number,
	intervalMs: number | undefined,
	window: OperatingWindow,
): BudgetVerdict | undefined {
	const { method, ms } = heaviest(cost);
	if (!intervalMs || ms <= 0) return undefined;
	const share = (ms / intervalMs) * (window.windowMs / window.limitMs);
	const minimumMinutes = Math.ceil((ms * window.windowMs) / window.limitMs / MINUTE);
	const seconds = (value: number) => `${Math.round(value / 100) / 10} s`;
	const message =
		`A poll of ${records} watched records takes ${seconds(ms)} of Bitrix24 operating time for ${method}; ` +
		`the portal allows ${seconds(window.limitMs)} in any ${seconds(window.windowMs)}, so polling every ` +
		`${Math.round(intervalMs / MINUTE)} min needs ${Math.round(share * 100)} % of that limit. ` +
		`Poll every ${minimumMinutes} min or more, or watch fewer records (a filter or a list of IDs).`;
	const overWindow = ms > window.limitMs;
	const waits = overWindow
		? ` One poll alone needs more than the limit allows in ${seconds(window.windowMs)}: every poll waits for the limit, and may run out of the time n8n gives a poll.`
		: '';
	return { share, overWindow, message: message + waits };
}

/** At activation: an interval the limit cannot sustain is refused, so polls never fall behind quietly. */
export function checkBudgetAtActivation(context: IPollFunctions, verdict?: BudgetVerdict): void {
	if (!verdict) return;
	if (verdict.share > 1) {
		throw new NodeOperationError(context.getNode(), 'Poll Times: the interval is too short', {
			description: verdict.message,
		});
	}
	if (verdict.share > 0.5 || verdict.overWindow)
		context.logger.warn(`Bitrix24 Trigger: ${verdict.message}`);
}

/** At each later poll: said in the log whenever the polls take more than the limit allows. */
export function reportBudget(context: IPollFunctions, verdict?: BudgetVerdict): void {
	if (verdict && (verdict.share > 1 || verdict.overWindow))
		context.logger.warn(`Bitrix24 Trigger is falling behind. ${verdict.message}`);
}
