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

const MAX_BACKOFF_MS = 30_000;

type RetryDecision =
	| { retry: true; waitMs: number; reason: string }
	| { retry: false; gaveUp?: string };

export interface RetryState {
	attempts: number;
	waitedMs: number;
}

function jitter(ms: number): number {
	return Math.round(ms * (0.8 + Math.random() * 0.4));
}

/**
 * Decides whether a failed request (or batch command) is tried again and after how long. Refusals
 * for Bitrix24's limits never come here: waiting them out is pacing (see limitWaits.ts).
 */
export function decideRetry({
	failure,
	state,
	settings,
}: {
	failure: BitrixFailure;
	state: RetryState;
	settings: EngineSettings;
}): RetryDecision {
	if (failure.retry !== 'transient') return { retry: false };
	const retries = (count: number) => `${count} ${count === 1 ? 'retry' : 'retries'}`;
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
