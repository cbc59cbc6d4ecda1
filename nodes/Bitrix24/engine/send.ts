import type { IDataObject } from 'n8n-workflow';

import type { BitrixFailure, Interpreted } from '../transport/failure';
import { interpretAnswer } from '../transport/failure';
import { postMethod } from '../transport/request';
import { admit } from './admission';
import { Retries, retryKindOf } from './retryPolicy';
import type { Session } from './session';
import { adoptConnection } from './session';
import { clockOffset, methodExhausted, recordTime } from './timeAccounting';

/** One HTTP request of the engine: a direct call, or a `batch` carrying commands. */
export interface EngineRequest {
	method: string;
	params: IDataObject;
	/** The methods of the commands it carries (the method itself for a direct call). */
	commandMethods: string[];
	/** False when one of its calls must not be sent twice: a failure is then never retried. */
	repeatSafe: boolean;
}

export interface Sent {
	answer: Interpreted;
	gaveUp?: string;
	/** The answer's `time`, on this machine's clock: the offset to add to the portal's times. */
	clockOffsetMs: number;
}

/** Posts once, once both limits let it, and reads the answer's time into the accounts. */
async function sendOnce(session: Session, request: EngineRequest): Promise<Sent> {
	const admission = await admit(session, request.commandMethods);
	if ('held' in admission) {
		const failure: BitrixFailure = { code: '', description: '', heldBack: admission.held };
		return { answer: { ok: false, failure }, clockOffsetMs: 0 };
	}
	const { method, params } = request;
	const call = { method, params, timeoutMs: session.settings.timeoutMs };
	let posted;
	try {
		posted = await postMethod(session.context, session.connection, call);
	} finally {
		// No answer to read: the request still counts as sent, and not as refused.
		if (!posted) admission.bucketAnswered();
	}
	adoptConnection(session, posted.connection);
	const answer = interpretAnswer(posted.answer);
	// A refusal for the bucket tells the copy the portal is full, and how much of it was ours.
	admission.bucketAnswered(!answer.ok && retryKindOf(answer.failure) === 'rateLimit');
	const clockOffsetMs = answer.ok ? clockOffset(answer.body.time, Date.now()) : 0;
	if (answer.ok && method !== 'batch') recordTime(session, method, answer.body.time, clockOffsetMs);
	// Released after the answer's report is in, so the budget never looks emptier than it is.
	admission.release();
	return { answer, clockOffsetMs };
}

/** Learns from a refusal for a limit, so that the next admission waits for it: pacing. */
function paceAfterRefusal(session: Session, failure: BitrixFailure, method: string): boolean {
	const kind = retryKindOf(failure);
	// The bucket learnt of its refusal when the answer came (sendOnce).
	if (kind === 'operatingLimit') methodExhausted(session, method);
	return kind === 'rateLimit' || kind === 'operatingLimit';
}

/**
 * Sends one request when both limits let it, retrying what may be retried. A refusal for a limit
 * sends it again after the wait, as pacing: only failures count as retries.
 */
export async function send(session: Session, request: EngineRequest): Promise<Sent> {
	const retries = new Retries(session);
	let refusal: BitrixFailure | undefined;
	for (;;) {
		const sent = await sendOnce(session, request);
		const { answer } = sent;
		if (answer.ok) return sent;
		if (answer.failure.heldBack) {
			// Held after a refusal: the item's error keeps the portal's status.
			answer.failure.httpStatus = refusal?.httpStatus;
			return sent;
		}
		if (paceAfterRefusal(session, answer.failure, request.method)) {
			refusal = answer.failure;
			continue;
		}
		const next = await retries.after(answer.failure, request.repeatSafe);
		if (!next.again) return { ...sent, gaveUp: next.gaveUp };
	}
}
