/**
 * The time one execution spends held back by Bitrix24's limits, and its bound. A wait for the
 * request bucket or a method's operating-time window is pacing, not a failure: it is not a retry
 * and does not count against Max Retries or Max Retry Wait. Only this bound (Max Wait for Limits)
 * ends it. Waits of several lanes at once count once: what is bounded is the execution's time.
 * The same is kept for each limit apart, to tell the user where the time went.
 */

/** The limit a wait is for: the portal's request bucket, or one method's operating time. */
export type WaitCause = { limit: 'request' } | { limit: 'operating'; method: string };

/** The limit in words, for the log and the execution's hint. */
export function causeInWords(cause: WaitCause): string {
	return cause.limit === 'request'
		? "the portal's request limit"
		: `the operating-time limit of ${cause.method}`;
}

/** Time held back by one limit. */
export interface WaitSpent {
	cause: WaitCause;
	ms: number;
}

/** Overlapping waits counted once: how many are under way, since when, and the total before. */
class WaitClock {
	private waiting = 0;

	private since = 0;

	private waitedMs = 0;

	spentMs(now = Date.now()): number {
		return this.waitedMs + (this.waiting > 0 ? now - this.since : 0);
	}

	start(): void {
		if (this.waiting === 0) this.since = Date.now();
		this.waiting += 1;
	}

	stop(): void {
		this.waiting -= 1;
		if (this.waiting === 0) this.waitedMs += Date.now() - this.since;
	}
}

const keyOf = (cause: WaitCause) =>
	cause.limit === 'request' ? 'request' : `operating ${cause.method}`;

export class LimitWaits {
	private readonly total = new WaitClock();

	private readonly byCause = new Map<string, { cause: WaitCause; clock: WaitClock }>();

	/** `boundMs` 0 means no bound. */
	constructor(private readonly boundMs: number) {}

	/** Time held back so far, the waits under way included. */
	spentMs(now = Date.now()): number {
		return this.total.spentMs(now);
	}

	/** Whether a wait of `waitMs` from now stays within the bound. */
	allows(waitMs: number, now = Date.now()): boolean {
		return this.boundMs === 0 || this.spentMs(now) + waitMs <= this.boundMs;
	}

	get boundMinutes(): number {
		return this.boundMs / 60_000;
	}

	/** Time held back by each limit, longest first. */
	spentByCause(): WaitSpent[] {
		return [...this.byCause.values()]
			.map(({ cause, clock }) => ({ cause, ms: clock.spentMs() }))
			.sort((a, b) => b.ms - a.ms);
	}

	/** Runs `wait` as time held back by the limit `cause`. */
	async hold(cause: WaitCause, wait: () => Promise<void>): Promise<void> {
		const key = keyOf(cause);
		const entry = this.byCause.get(key) ?? { cause, clock: new WaitClock() };
		this.byCause.set(key, entry);
		this.total.start();
		entry.clock.start();
		try {
			await wait();
		} finally {
			entry.clock.stop();
			this.total.stop();
		}
	}
}
