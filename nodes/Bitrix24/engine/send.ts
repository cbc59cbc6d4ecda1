import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { BitrixFailure, Interpreted } from '../transport/failure';
import { interpretAnswer } from '../transport/failure';
import type { Portal } from '../transport/portal';
import { postMethod } from '../transport/request';
import type { Held, Pacing } from './admission';
import { admit, clockOffset, methodExhausted, pause, recordTime } from './admission';
import { LimitWaits } from './limitWaits';
import { ProgressReporter } from './progress';
import { bucketFor } from './rateLimiter';
import type { RetryState } from './retryPolicy';
import { decideRetry } from './retryPolicy';
import type { EngineSettings } from './types';

/** What the requests of one run share: the portal's limits, the bound on waits, the settings. */
export interface Sender extends Pacing {
	settings: EngineSettings;
}

/** `itemCount` is what the progress log counts towards. */
export function senderFor(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	portal: Portal,
	settings: EngineSettings,
	itemCount: number,
): Sender {
	return {
		context,
		portal,
		settings,
		bucket: bucketFor(portal.key, portal.rateLimit),
		limitWaits: new LimitWaits(settings.maxLimitWaitMs),
		progress: new ProgressReporter(context.logger, itemCount),
	};
}

function formatUtc(epochMs: number): string {
	return new Date(epochMs)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, ' UTC');
}

/** The failure of an item the limits would hold back past Max Wait for Limits. */
function heldFailure(sender: Sender, held: Held): { failure: BitrixFailure; gaveUp: string } {
	const bound = `later than this execution may wait for limits (Max Wait for Limits is ${sender.limitWaits.boundMinutes} min)`;
	if (held.limit === 'operating') {
		return {
			failure: { code: 'OPERATION_TIME_LIMIT', description: '', retry: 'operatingLimit' },
			gaveUp: `${held.method} has room again at about ${formatUtc(held.until)}, ${bound}.`,
		};
	}
	return {
		failure: { code: 'QUERY_LIMIT_EXCEEDED', description: '', retry: 'rateLimit' },
		gaveUp: `The portal's request limit would let the next request through at about ${formatUtc(held.until)}, ${bound}.`,
	};
}

export interface Sent {
	answer: Interpreted;
	gaveUp?: string;
	/** The answer's `time`, on this machine's clock: the offset to add to the portal's times. */
	clockOffsetMs: number;
}

/**
 * Sends one request when both limits let it, retrying what may be retried. `commandMethods` are
 * the methods of the commands it carries (the method itself for a direct call). A refusal for a
 * limit sends it again after the wait, as pacing: only failures count as retries.
 */
export async function send(
	sender: Sender,
	method: string,
	params: IDataObject,
	commandMethods: string[],
): Promise<Sent> {
	const state: RetryState = { attempts: 0, waitedMs: 0 };
	let refusal: BitrixFailure | undefined;
	for (;;) {
		const admission = await admit(sender, commandMethods);
		if ('held' in admission) {
			const { failure, gaveUp } = heldFailure(sender, admission.held);
			// Held after a refusal: the item's error keeps the portal's status.
			return {
				answer: { ok: false, failure: { ...failure, httpStatus: refusal?.httpStatus } },
				gaveUp,
				clockOffsetMs: 0,
			};
		}
		let raw;
		try {
			raw = await postMethod(
				sender.context,
				sender.portal,
				method,
				params,
				sender.settings.timeoutMs,
			);
		} finally {
			admission.bucketAnswered();
		}
		const answer = interpretAnswer(raw);
		const clockOffsetMs = answer.ok ? clockOffset(answer.body.time, Date.now()) : 0;
		if (answer.ok && method !== 'batch')
			recordTime(sender, method, answer.body.time, clockOffsetMs);
		// Released after the answer's report is in, so the budget never looks emptier than it is.
		admission.release();
		if (answer.ok) return { answer, clockOffsetMs };
		if (answer.failure.retry === 'rateLimit') {
			refusal = answer.failure;
			sender.bucket.markFull();
			continue;
		}
		if (answer.failure.retry === 'operatingLimit') {
			refusal = answer.failure;
			methodExhausted(sender, method);
			continue;
		}
		const decision = decideRetry({ failure: answer.failure, state, settings: sender.settings });
		if (!decision.retry) return { answer, gaveUp: decision.gaveUp, clockOffsetMs };
		sender.progress.waiting(decision.waitMs, decision.reason);
		await pause(sender.context, decision.waitMs);
		state.attempts += 1;
		state.waitedMs += decision.waitMs;
	}
}
