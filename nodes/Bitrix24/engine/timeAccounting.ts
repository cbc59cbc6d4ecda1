import type { IDataObject } from 'n8n-workflow';

import type { BatchAnswer } from '../transport/batch';
import { commandFailure } from '../transport/batch';
import type { OperatingWindow } from '../transport/tariff';
import { MethodBudget } from './operatingBudget';
import { retryKindOf } from './retryPolicy';
import type { Session } from './session';

/**
 * What the portal's answers say about each method's operating time, read into this process's
 * accounts of it (operatingBudget.ts): the `time` of a direct call, or of each command of a batch.
 */

// Module state lives as long as the n8n process: every execution that uses one webhook or
// application on a portal draws on the same accounts.
const budgets = new Map<string, MethodBudget>();

function methodBudget(budgetKey: string, method: string, window: OperatingWindow): MethodBudget {
	const key = `${budgetKey}\n${method.toLowerCase()}\n${window.limitMs}/${window.windowMs}`;
	let budget = budgets.get(key);
	if (!budget) {
		budget = new MethodBudget(window);
		budgets.set(key, budget);
	}
	return budget;
}

export function budgetOf(session: Session, method: string): MethodBudget {
	return methodBudget(session.limits.budgetKey, method, session.limits.operatingWindow);
}

/**
 * Reads a `time` object's operating-time report for `method` into its budget. `clockOffsetMs`
 * turns the portal's clock into this machine's.
 */
export function recordTime(
	session: Session,
	method: string,
	time: unknown,
	clockOffsetMs: number,
): void {
	if (!time || typeof time !== 'object') return;
	const { operating, operating_reset_at: resetAt, finish, processing } = time as IDataObject;
	// No `operating`: the portal does not limit operating time (self-hosted), or not this method.
	if (operating === undefined || operating === null || !Number.isFinite(Number(operating))) return;
	const at = Number.isFinite(Number(finish)) ? Number(finish) * 1000 + clockOffsetMs : Date.now();
	budgetOf(session, method).record({
		usedMs: Number(operating) * 1000,
		at,
		resetAt: Number(resetAt) > 0 ? Number(resetAt) * 1000 + clockOffsetMs : undefined,
		callMs: Number.isFinite(Number(processing)) ? Number(processing) * 1000 : undefined,
	});
}

/** How far the portal's clock is behind this machine's, from an answer's `time.finish`. */
export function clockOffset(time: unknown, receivedAt: number): number {
	const finish = time && typeof time === 'object' ? Number((time as IDataObject).finish) : NaN;
	return Number.isFinite(finish) ? receivedAt - finish * 1000 : 0;
}

/** Bitrix24 refused the method for operating time: its budget is spent, whoever spent it. */
export function methodExhausted(session: Session, method: string): void {
	budgetOf(session, method).exhausted(Date.now(), undefined);
}

/** A command of a batch request: its key in the answer and its method. */
export interface SentCommand {
	key: string;
	method: string;
}

/**
 * Reads every command's time in a batch answer into its method's account, and marks a method
 * whose command was refused for operating time as spent. Every command counts, whatever became
 * of the item it belongs to: Bitrix24 ran it (`halt=0`).
 */
export function accountBatchAnswer(
	session: Session,
	commands: SentCommand[],
	answer: BatchAnswer,
	clockOffsetMs: number,
): void {
	for (const { key, method } of commands) {
		recordTime(session, method, answer.times[key], clockOffsetMs);
		const failure = commandFailure(answer, key);
		if (failure && retryKindOf(failure) === 'operatingLimit') methodExhausted(session, method);
	}
}
