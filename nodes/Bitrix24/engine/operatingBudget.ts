import type { OperatingWindow } from '../transport/tariff';

/** The calls of one basket-length of the clock: when the first came, and their time. */
interface Basket {
	firstAt: number;
	ms: number;
}

/** One report of the account, from a `time` object, on this machine's clock. */
interface OperatingReport {
	usedMs: number;
	/** When the portal finished the call; orders reports that arrive out of order. */
	at: number;
	/** When the portal said its oldest basket leaves, if it did. */
	resetAt?: number;
	/** What this one call took (`processing`), which is what it was charged. */
	callMs?: number;
}

/**
 * A client-side copy of one method's operating-time account on the portal, so the engine holds
 * that method's commands back before Bitrix24 refuses them with OPERATION_TIME_LIMIT.
 *
 * Bitrix24 keeps the account in ten one-minute baskets per webhook or application: a basket holds
 * the time of the calls of one minute and leaves the sum ten minutes after its first call. Every
 * answer reports the sum (`operating`) and when the oldest basket leaves (`operating_reset_at`).
 * The copy rebuilds the baskets from those reports: whatever the sum grew by since the last report
 * goes into the basket of the moment it was reported, which is the portal's own rule for the
 * engine's calls and a safe guess (never earlier) for anyone else's.
 */
export class MethodBudget {
	private readonly baskets = new Map<number, Basket>();

	/**
	 * Calls sent and not yet answered. Counted in calls, not time: the first requests go out before
	 * any answer has told what a call costs, and must count once it is known.
	 */
	private reservedCalls = 0;

	private lastReportAt = -Infinity;

	/** What one call of the method costs, learned from the calls' own times. */
	private costMs = 0;

	/**
	 * The limit the portal turned out to keep, when it refused the method sooner than the
	 * credential said (a self-hosted portal, another tariff, or another client of the same webhook
	 * spending the time): the sum it held at the refusal. Kept for the process's life.
	 */
	private learnedLimitMs?: number;

	constructor(private readonly window: OperatingWindow) {}

	/** The limit paced to: the credential's, or the lower one the portal has shown. */
	private get limitMs(): number {
		return Math.min(this.window.limitMs, this.learnedLimitMs ?? Infinity);
	}

	private get basketMs(): number {
		return this.window.windowMs / 10;
	}

	/** A second of Bitrix24's clock, scaled with the window: reset times come in whole seconds. */
	get marginMs(): number {
		return this.basketMs / 60;
	}

	/** The sum the portal will hold at `at`, with baskets gone by then dropped. */
	private usedAt(at: number): number {
		let used = 0;
		for (const basket of this.baskets.values())
			if (basket.firstAt + this.window.windowMs > at) used += basket.ms;
		return used;
	}

	private dropExpired(now: number): void {
		for (const [number, basket] of this.baskets) {
			if (basket.firstAt + this.window.windowMs <= now) this.baskets.delete(number);
		}
	}

	private add(at: number, ms: number): void {
		const number = Math.floor(at / this.basketMs);
		const basket = this.baskets.get(number) ?? { firstAt: at, ms: 0 };
		basket.ms += ms;
		this.baskets.set(number, basket);
	}

	/** Takes `ms` off the oldest baskets: the portal let them go sooner than the copy thought. */
	private remove(ms: number): void {
		const oldestFirst = [...this.baskets.entries()].sort((a, b) => a[1].firstAt - b[1].firstAt);
		for (const [number, basket] of oldestFirst) {
			if (ms <= 0) break;
			const taken = Math.min(ms, basket.ms);
			basket.ms -= taken;
			ms -= taken;
			if (basket.ms <= 0) this.baskets.delete(number);
		}
	}

	record(report: OperatingReport): void {
		if (report.callMs !== undefined && report.callMs > 0) {
			this.costMs = this.costMs === 0 ? report.callMs : 0.8 * this.costMs + 0.2 * report.callMs;
		}
		// A report older than one already read says less than it: the sum only grows within a basket.
		if (report.at < this.lastReportAt) return;
		this.dropExpired(report.at);
		const growth = report.usedMs - this.usedAt(report.at);
		if (growth > 0) {
			this.add(report.at, growth);
		} else if (growth < 0) {
			this.remove(-growth);
		}
		this.lastReportAt = report.at;
		this.alignOldest(report.resetAt);
	}

	/** The portal's word on when its oldest basket leaves is later than the copy's: believe it. */
	private alignOldest(resetAt: number | undefined): void {
		if (resetAt === undefined) return;
		const oldest = [...this.baskets.values()].sort((a, b) => a.firstAt - b.firstAt)[0];
		const portalFirstAt = resetAt + this.marginMs - this.window.windowMs;
		if (oldest && oldest.firstAt < portalFirstAt) oldest.firstAt = portalFirstAt;
	}

	/**
	 * Bitrix24 refused the method: its sum is past the limit, partly with time the copy never saw.
	 * That time is put in the oldest basket, so the copy expects room when the portal's oldest
	 * basket leaves, and tries again then.
	 */
	exhausted(now: number, resetAt: number | undefined): void {
		this.dropExpired(now);
		// Refused with less than the credential's limit used: the portal's limit is the sum it
		// reported last, which the answer carrying the refusal has just brought in.
		const used = this.usedAt(now);
		if (used > 0 && used < this.limitMs) this.learnedLimitMs = used;
		const missing = this.limitMs + 1 - this.usedAt(now);
		if (missing > 0) {
			const oldestAt = Math.min(...[...this.baskets.values()].map((basket) => basket.firstAt), now);
			// Never seen a basket: the portal's must be at most a window old; assume the worst
			// short of that, one basket from now.
			const firstAt =
				resetAt !== undefined
					? resetAt + this.marginMs - this.window.windowMs
					: Math.min(oldestAt, now - this.window.windowMs + this.basketMs);
			const number = Math.floor(firstAt / this.basketMs);
			const basket = this.baskets.get(number) ?? { firstAt, ms: 0 };
			basket.ms += missing;
			this.baskets.set(number, basket);
		}
	}

	/**
	 * How long `calls` more calls must wait so that, with what is in flight, the last of them still
	 * starts inside the limit (the portal checks the sum before each call). 0 reserves them at once;
	 * `release` then gives the reservation back when their answers are in.
	 */
	waitMs(calls: number, now: number): number {
		const needMs = Math.max(0, calls - 1) * this.costMs;
		const reservedMs = this.reservedCalls * this.costMs;
		const roomMs = this.limitMs * 0.99 - needMs - reservedMs;
		if (this.usedAt(now) <= roomMs) return 0;
		// While calls are in flight, the sum may count some of them twice (reported by one answer,
		// still reserved until their own): look again soon rather than wait for a basket to leave.
		const recheckMs = this.reservedCalls > 0 ? this.marginMs : Infinity;
		const expiries = [...this.baskets.values()]
			.map((basket) => basket.firstAt + this.window.windowMs)
			.sort((a, b) => a - b);
		for (const expiry of expiries) {
			if (expiry > now && this.usedAt(expiry) <= roomMs)
				return Math.min(expiry - now + this.marginMs, recheckMs);
		}
		// Only the calls in flight stand in the way (or one batch is more than the whole budget):
		// look again shortly, when answers have come in.
		return this.usedAt(now) === 0 && this.reservedCalls === 0 ? 0 : this.marginMs;
	}

	reserve(calls: number): () => void {
		this.reservedCalls += calls;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.reservedCalls -= calls;
		};
	}
}
