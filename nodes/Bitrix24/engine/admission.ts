import type { HeldBack } from '../transport/failure';
import { pause } from './pause';
import type { Session } from './session';
import { budgetOf } from './timeAccounting';

type Admission = { held: HeldBack } | { release: () => void; bucketAnswered: () => void };

/** Waits as pacing; false, without waiting, when the wait would pass Max Wait for Limits. */
async function holdFor(session: Session, waitMs: number, reason: string): Promise<boolean> {
	if (!session.limitWaits.allows(waitMs)) return false;
	session.progress.waiting(waitMs, reason, true);
	await session.limitWaits.hold(async () => await pause(session.context, waitMs));
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

/** Waits until every method of the request has operating time for its commands; held, if not. */
async function waitForOperatingTime(
	session: Session,
	counts: Map<string, number>,
): Promise<HeldBack | undefined> {
	for (;;) {
		const now = Date.now();
		let waitMs = 0;
		let method = '';
		for (const [candidate, count] of counts) {
			const methodWait = budgetOf(session, candidate).waitMs(count, now);
			if (methodWait > waitMs) [waitMs, method] = [methodWait, candidate];
		}
		if (waitMs === 0) return undefined;
		if (!(await holdFor(session, waitMs, `the operating-time limit of ${method}`)))
			return heldBack(session, 'operating', now + waitMs, method);
	}
}

/**
 * Waits until the commands of one request (`methods`, one entry per command) fit the operating-time
 * budget of each of their methods and the request fits the portal's bucket; reserves both. A
 * method with no room holds back only the requests that carry it: others go on meanwhile.
 */
export async function admit(session: Session, methods: string[]): Promise<Admission> {
	const counts = countsOf(methods);
	const heldForTime = await waitForOperatingTime(session, counts);
	if (heldForTime) return { held: heldForTime };
	const releases = [...counts].map(([method, count]) => budgetOf(session, method).reserve(count));
	const release = () => releases.forEach((give) => give());
	let heldUntil = 0;
	let bucketAnswered: (() => void) | undefined;
	try {
		bucketAnswered = await session.bucket.acquire(async (waitMs) => {
			heldUntil = Date.now() + waitMs;
			return await holdFor(session, waitMs, "the portal's request limit");
		});
	} finally {
		// Cancelled or held back: the commands will not be sent, so their time is not spent.
		if (!bucketAnswered) release();
	}
	if (!bucketAnswered) return { held: heldBack(session, 'request', heldUntil) };
	return { release, bucketAnswered };
}
