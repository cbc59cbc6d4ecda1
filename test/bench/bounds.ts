/**
 * The least time any client could need for a job under the portal's limits: the figures the
 * bench divides wall times by. Every formula is written out in REPORT.md.
 */

export interface Bucket {
	burst: number;
	drainPerSec: number;
}

export interface OperatingLimit {
	limitMs: number;
	windowMs: number;
	/** Baskets the window is kept in; one leaves one window after its first call. */
	baskets: number;
}

/**
 * Request bucket: R requests, of which the first `burst` go at once and the rest at the drain
 * rate: T = max(0, R − X) / Y.
 */
export function bucketBoundMs(requests: number, bucket: Bucket): number {
	return (Math.max(0, requests - bucket.burst) / bucket.drainPerSec) * 1000;
}

/**
 * Operating time, one method, starting with an empty account: a total time C of calls of cost c
 * against a limit L per window W. In any window a client can spend at most L + c (the portal checks
 * the sum before each call, so the call that passes L still runs). Time spent in a basket returns
 * when the basket leaves, one window after its first call, and the job's first call opens the
 * first basket: so the second share can start no sooner than W after the job, the k-th no sooner
 * than (k − 1) · W. T = (ceil(C / (L + c)) − 1) · W when more than one share is needed, else 0.
 */
export function operatingBoundMs(totalMs: number, callMs: number, limit: OperatingLimit): number {
	const shares = Math.ceil(totalMs / (limit.limitMs + callMs));
	return shares <= 1 ? 0 : (shares - 1) * limit.windowMs;
}

/**
 * Server time: with unlimited requests in flight a job still takes the time of its longest
 * request, and `inFlight` lanes through B requests of t each take ceil(B / lanes) · t.
 */
export function serverTimeBoundMs(
	requests: number,
	requestMs: number,
	inFlight = Infinity,
): number {
	return Math.ceil(requests / inFlight) * requestMs;
}
