import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Portal } from '../transport/portal';
import type { LimitWaits } from './limitWaits';
import { methodBudget } from './operatingBudget';
import type { MethodBudget } from './operatingBudget';
import type { ProgressReporter } from './progress';
import type { LeakyBucket } from './rateLimiter';

/** What a request needs from the engine to wait its turn under both of Bitrix24's limits. */
export interface Pacing {
	/** An execution, or the editor loading a picker's list. */
	context: IExecuteFunctions | ILoadOptionsFunctions;
	portal: Portal;
	bucket: LeakyBucket;
	limitWaits: LimitWaits;
	progress: ProgressReporter;
}

/** A request the limits would hold back past Max Wait for Limits: which limit, and until when. */
export interface Held {
	limit: 'request' | 'operating';
	method?: string;
	until: number;
}

type Admission = { held: Held } | { release: () => void; bucketAnswered: () => void };

function budgetOf(pacing: Pacing, method: string): MethodBudget {
	return methodBudget(pacing.portal.budgetKey, method, pacing.portal.operatingWindow);
}

/**
 * Sleeps `waitMs`. Timers count from the event loop's cached clock, which lags after synchronous
 * work (such as planning a batch), so they can fire early: the loop sleeps again for what is left.
 * Long waits sleep in slices so that a cancelled execution stops within a second.
 */
export async function pause(
	context: IExecuteFunctions | ILoadOptionsFunctions,
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

/** Waits as pacing; false, without waiting, when the wait would pass Max Wait for Limits. */
async function holdFor(pacing: Pacing, waitMs: number, reason: string): Promise<boolean> {
	if (!pacing.limitWaits.allows(waitMs)) return false;
	pacing.progress.waiting(waitMs, reason, true);
	await pacing.limitWaits.hold(async () => await pause(pacing.context, waitMs));
	return true;
}

function countsOf(methods: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const method of methods) counts.set(method, (counts.get(method) ?? 0) + 1);
	return counts;
}

/**
 * Waits until the commands of one request (`methods`, one entry per command) fit the operating-time
 * budget of each of their methods and the request fits the portal's bucket; reserves both. A
 * method with no room holds back only the requests that carry it: others go on meanwhile.
 */
export async function admit(pacing: Pacing, methods: string[]): Promise<Admission> {
	const counts = countsOf(methods);
	for (;;) {
		const now = Date.now();
		let waitMs = 0;
		let method = '';
		for (const [candidate, count] of counts) {
			const methodWait = budgetOf(pacing, candidate).waitMs(count, now);
			if (methodWait > waitMs) [waitMs, method] = [methodWait, candidate];
		}
		if (waitMs === 0) break;
		if (!(await holdFor(pacing, waitMs, `the operating-time limit of ${method}`))) {
			return { held: { limit: 'operating', method, until: now + waitMs } };
		}
	}
	const releases = [...counts].map(([method, count]) => budgetOf(pacing, method).reserve(count));
	const release = () => releases.forEach((give) => give());
	let heldUntil = 0;
	let bucketAnswered: (() => void) | undefined;
	try {
		bucketAnswered = await pacing.bucket.acquire(async (waitMs) => {
			heldUntil = Date.now() + waitMs;
			return await holdFor(pacing, waitMs, "the portal's request limit");
		});
	} finally {
		// Cancelled or held back: the commands will not be sent, so their time is not spent.
		if (!bucketAnswered) release();
	}
	if (!bucketAnswered) return { held: { limit: 'request', until: heldUntil } };
	return { release, bucketAnswered };
}

/**
 * Reads a `time` object's operating-time report for `method` into its budget. `clockOffsetMs`
 * turns the portal's clock into this machine's.
 */
export function recordTime(
	pacing: Pacing,
	method: string,
	time: unknown,
	clockOffsetMs: number,
): void {
	if (!time || typeof time !== 'object') return;
	const { operating, operating_reset_at: resetAt, finish, processing } = time as IDataObject;
	// No `operating`: the portal does not limit operating time (self-hosted), or not this method.
	if (operating === undefined || operating === null || !Number.isFinite(Number(operating))) return;
	const at = Number.isFinite(Number(finish)) ? Number(finish) * 1000 + clockOffsetMs : Date.now();
	budgetOf(pacing, method).record({
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
export function methodExhausted(pacing: Pacing, method: string): void {
	budgetOf(pacing, method).exhausted(Date.now(), undefined);
}
