import type { BitrixFailure } from '../transport/failure';
import type { EngineSettings } from './types';

/*
 * Why retrying is safe for every method this node sends (a retry may repeat a call that Bitrix24
 * already carried out when only its answer was lost):
 * - crm.contact.company.items.get, crm.contact.company.fields, crm.*.list/get and profile only read.
 * - crm.contact.company.items.set replaces the whole set with the same list: repeating it leaves
 *   the same bindings.
 * - crm.contact.company.items.delete removes every binding: repeating it removes nothing more.
 * - crm.contact.company.add answers `false` when the company is already bound: a repeat does not
 *   bind twice (the output then says "already bound", which is the state either way).
 * - crm.contact.company.delete answers `false` when the company is not bound: a repeat removes
 *   nothing more.
 * The same holds for the other binding families (company, deal, lead, quote → contacts).
 */

const OPERATING_WAIT_WHEN_UNKNOWN_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

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

function formatUtc(epochMs: number): string {
	return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/**
 * Decides whether a failed request (or batch command) is tried again and after how long.
 * `operatingResetAt` is the epoch-ms at which the method's operating-time window frees up, as
 * last reported by Bitrix24 in the `time` envelope, if known.
 */
export function decideRetry(
	failure: BitrixFailure,
	state: RetryState,
	settings: EngineSettings,
	rateLimitWaitMs: number,
	operatingResetAt: number | undefined,
): RetryDecision {
	if (failure.retry === 'never') return { retry: false };
	const budgetLeft = settings.maxRetryWaitMs - state.waitedMs;
	if (state.attempts >= settings.maxRetries) {
		return {
			retry: false,
			gaveUp: `Gave up after ${state.attempts} ${state.attempts === 1 ? 'retry' : 'retries'} (Max Retries is ${settings.maxRetries}).`,
		};
	}

	let waitMs: number;
	let reason: string;
	if (failure.retry === 'operatingLimit') {
		const now = Date.now();
		const resetKnown = operatingResetAt !== undefined && operatingResetAt > now;
		waitMs = resetKnown ? operatingResetAt - now + 1_000 : OPERATING_WAIT_WHEN_UNKNOWN_MS;
		reason = "the method's operating-time limit";
		if (waitMs > budgetLeft) {
			const until = resetKnown
				? `It unblocks at about ${formatUtc(operatingResetAt + 1_000)}`
				: 'It unblocks within 10 minutes';
			return {
				retry: false,
				gaveUp: `${until}, later than the node may wait (Max Retry Wait is ${Math.round(settings.maxRetryWaitMs / 1000)} s).`,
			};
		}
	} else if (failure.retry === 'rateLimit') {
		// The bucket was just marked full, so this is at least one drain interval.
		waitMs = Math.max(rateLimitWaitMs, settings.retryBaseDelayMs / 4) * 1.5 ** state.attempts;
		reason = "the portal's request limit (QUERY_LIMIT_EXCEEDED)";
	} else {
		waitMs = jitter(Math.min(settings.retryBaseDelayMs * 2 ** state.attempts, MAX_BACKOFF_MS));
		reason = 'a failed request';
	}
	waitMs = Math.ceil(waitMs);
	if (waitMs > budgetLeft) {
		return {
			retry: false,
			gaveUp: `Gave up after ${state.attempts} ${state.attempts === 1 ? 'retry' : 'retries'}: the next wait would pass Max Retry Wait (${Math.round(settings.maxRetryWaitMs / 1000)} s).`,
		};
	}
	return { retry: true, waitMs, reason };
}
