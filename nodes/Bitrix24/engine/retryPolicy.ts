import type { BitrixFailure } from '../transport/failure';
import { pause } from './pause';
import type { Session } from './session';
import type { EngineSettings } from './types';

/**
 * The one place that decides what is tried again. Refusals for Bitrix24's limits are waited out
 * as pacing (admission.ts), never counted as retries; a passing fault is retried with backoff,
 * but only for calls that are safe to repeat: the operation says so (its `repeatSafe`), since a
 * retry may repeat a call that Bitrix24 carried out when only its answer was lost.
 */
export type RetryKind = 'rateLimit' | 'operatingLimit' | 'transient' | 'never';

const MAX_BACKOFF_MS = 30_000;

/** A body that is not JSON on these statuses comes from a gateway or a cut-off answer: passing. */
const passingUnreadable = (status?: number) =>
	status === undefined || status >= 500 || status === 200 || status === 429;

/** How the engine may react to a failure. */
export function retryKindOf(failure: BitrixFailure): RetryKind {
	if (failure.heldBack) return 'never';
	if (failure.code === 'QUERY_LIMIT_EXCEEDED') return 'rateLimit';
	if (failure.code === 'OPERATION_TIME_LIMIT') return 'operatingLimit';
	const status = failure.httpStatus;
	switch (failure.transportProblem) {
		case 'timeout':
		case 'connection':
			return 'transient';
		case 'unreadable':
			return passingUnreadable(status) ? 'transient' : 'never';
		case 'incomplete':
			// No status: a batch answer that left out a command, which the portal did not get to.
			return status === undefined || status >= 500 ? 'transient' : 'never';
		case undefined:
			// A 5xx that names a Bitrix24 code (ERROR_CORE, INTERNAL_SERVER_ERROR, ...) is the portal's
			// verdict on this call, and the same call gets the same verdict: the jssdk never retries
			// INTERNAL_SERVER_ERROR either. Only a 5xx without a code may be a passing fault.
			return status !== undefined && status >= 500 && failure.code === '' ? 'transient' : 'never';
		default:
			return 'never';
	}
}

export type RetryDecision =
	| { retry: true; waitMs: number; reason: string }
	| { retry: false; gaveUp?: string };

export interface RetryState {
	attempts: number;
	waitedMs: number;
}

function jitter(ms: number): number {
	return Math.round(ms * (0.8 + Math.random() * 0.4));
}

const retries = (count: number) => `${count} ${count === 1 ? 'retry' : 'retries'}`;

/** Whether a failed request (or batch command) is tried again, and after how long. */
export function decideRetry({
	failure,
	state,
	settings,
	repeatSafe = true,
}: {
	failure: BitrixFailure;
	state: RetryState;
	settings: EngineSettings;
	repeatSafe?: boolean;
}): RetryDecision {
	if (retryKindOf(failure) !== 'transient' || !repeatSafe) return { retry: false };
	if (state.attempts >= settings.maxRetries) {
		return {
			retry: false,
			gaveUp: `Gave up after ${retries(state.attempts)} (Max Retries is ${settings.maxRetries}).`,
		};
	}
	const waitMs = Math.ceil(
		jitter(Math.min(settings.retryBaseDelayMs * 2 ** state.attempts, MAX_BACKOFF_MS)),
	);
	if (waitMs > settings.maxRetryWaitMs - state.waitedMs) {
		return {
			retry: false,
			gaveUp: `Gave up after ${retries(state.attempts)}: the next wait would pass Max Retry Wait (${Math.round(settings.maxRetryWaitMs / 1000)} s).`,
		};
	}
	return { retry: true, waitMs, reason: 'a failed request' };
}

/** A pause before another try: waited, or why there is none. */
export type AfterFailure = { again: true } | { again: false; gaveUp?: string };

/**
 * The retries of one request, or of one batch's unanswered commands: one count of attempts and
 * one total of waits, however many times it fails. Waits as the policy says, and logs the wait.
 */
export class Retries {
	private readonly state: RetryState = { attempts: 0, waitedMs: 0 };

	constructor(private readonly session: Session) {}

	async after(failure: BitrixFailure, repeatSafe: boolean): Promise<AfterFailure> {
		const { settings, progress, context } = this.session;
		const decision = decideRetry({ failure, state: this.state, settings, repeatSafe });
		if (!decision.retry) return { again: false, gaveUp: decision.gaveUp };
		progress.waiting(decision.waitMs, decision.reason);
		await pause(context, decision.waitMs);
		this.state.attempts += 1;
		this.state.waitedMs += decision.waitMs;
		return { again: true };
	}
}
