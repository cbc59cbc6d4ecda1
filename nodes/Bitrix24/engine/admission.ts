import type { HeldBack } from '../transport/failure';
import type { WaitCause } from './limitWaits';
import { causeInWords } from './limitWaits';
import { pause } from './pause';
import type { Session } from './session';
import { budgetOf } from './timeAccounting';

/** `bucketAnswered` takes whether the portal refused the request for a full bucket. */
type Admission =
	| { held: HeldBack }
	| { release: () => void; bucketAnswered: (refused?: boolean) => void };

/** Waits as pacing; false, without waiting, when the wait would pass Max Wait for Limits. */
async function holdFor(session: Session, waitMs: number, cause: WaitCause): Promise<boolean> {
	if (!session.limitWaits.allows(waitMs)) return false;
	session.progress.waiting(waitMs, causeInWords(cause), true);
	await session.limitWaits.hold(cause, async () => await pause(session.context, waitMs));
	return true;
}

function heldBack(
	session: Session,
	limit: HeldBack['limit'],
	until: number,
	method?: string,
): HeldBack {
	return { limit, method, until, boundMinutes: session.limitWaits.boundMinutes };
}

function countsOf(methods: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const method of methods) counts.set(method, (counts.get(method) ?? 0) + 1);
	return counts;
}

/**
 * Waits until every method of the request has operating time for its commands, and reserves it
 * in the same step (so requests that wake together cannot all take the same room); held, if not.
 */
async function reserveOperatingTime(
	session: Session,
	counts: Map<string, number>,
): Promise<{ held: HeldBack } | { release: () => void }> {
	for (;;) {
		const now = Date.now();
		let waitMs = 0;
		let method = '';
		for (const [candidate, count] of counts) {
			const methodWait = budgetOf(session, candidate).waitMs(count, now);
			if (methodWait > waitMs) [waitMs, method] = [methodWait, candidate];
		}
		if (waitMs === 0) {
			const releases = [...counts].map(([name, count]) => budgetOf(session, name).reserve(count));
			return { release: () => releases.forEach((give) => give()) };
		}
		if (!(await holdFor(session, waitMs, { limit: 'operating', method })))
			return { held: heldBack(session, 'operating', now + waitMs, method) };
	}
}

/**
 * Waits until the commands of one request (`methods`, one entry per command) fit the operating-time
 * budget of each of their methods and the request fits the portal's bucket; reserves both. A
 * method with no room holds back only the requests that carry it: others go on meanwhile.
 */
export async function admit(session: Session, methods: string[]): Promise<Admission> {
	const operating = await reserveOperatingTime(session, countsOf(methods));
	if ('held' in operating) return operating;
	const { release } = operating;
	let heldUntil = 0;
	let bucketAnswered: ((refused?: boolean) => void) | undefined;
	try {
		bucketAnswered = await session.bucket.acquire(async (waitMs) => {
			heldUntil = Date.now() + waitMs;
			return await holdFor(session, waitMs, { limit: 'request' });
		});
	} finally {
		// Cancelled or held back: the commands will not be sent, so their time is not spent.
		if (!bucketAnswered) release();
	}
	if (!bucketAnswered) return { held: heldBack(session, 'request', heldUntil) };
	return { release, bucketAnswered };
}
