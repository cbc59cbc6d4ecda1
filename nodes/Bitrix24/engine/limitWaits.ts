/**
 * The time one execution spends held back by Bitrix24's limits, and its bound. A wait for the
 * request bucket or a method's operating-time window is pacing, not a failure: it is not a retry
 * and does not count against Max Retries or Max Retry Wait. Only this bound (Max Wait for Limits)
 * ends it. Waits of several lanes at once count once: what is bounded is the execution's time.
 */
export class LimitWaits {
	private waiting = 0;

	private since = 0;

	private waitedMs = 0;

	/** `boundMs` 0 means no bound. */
	constructor(private readonly boundMs: number) {}

	/** Time held back so far, the waits under way included. */
	spentMs(now = Date.now()): number {
		return this.waitedMs + (this.waiting > 0 ? now - this.since : 0);
	}

	/** Whether a wait of `waitMs` from now stays within the bound. */
	allows(waitMs: number, now = Date.now()): boolean {
		return this.boundMs === 0 || this.spentMs(now) + waitMs <= this.boundMs;
	}

	get boundMinutes(): number {
		return this.boundMs / 60_000;
	}

	/** Runs `wait` as time held back by a limit. */
	async hold(wait: () => Promise<void>): Promise<void> {
		if (this.waiting === 0) this.since = Date.now();
		this.waiting += 1;
		try {
			await wait();
		} finally {
			this.waiting -= 1;
			if (this.waiting === 0) this.waitedMs += Date.now() - this.since;
		}
	}
}
