/**
 * The per-method operating-time limit (b24restdocs limits.md and settings/performance/index.md,
 * "Resource Consumption Limits"; b24restdocs limits.md, [server] CRestServer::processCall). Every call's execution time is charged to its
 * method, per webhook or application (the identity). Time is kept in one-minute baskets, ten to the
 * window: a basket holds the calls of one minute of the clock, and it drops out of the sum ten
 * minutes after its first call (the docs' example: first call 10:05:20, reset 10:15:20).
 * `operating_reset_at` names the moment the oldest basket drops out, in whole seconds. The limit is
 * checked before each call: the call that pushes the sum over it finishes, and the next call of
 * that method is refused with 429 OPERATION_TIME_LIMIT ([server] CRestServer::processCall) until
 * enough baskets have dropped out. Other methods, webhooks and applications keep working.
 */
import type { OperatingInfo } from './envelope';
import type { OperatingLimitConfig } from './types';

/** Cloud values; off unless a profile or a test turns it on (self-hosted portals have it off). */
export const defaultOperatingLimit: OperatingLimitConfig = {
	enabled: false,
	limitMs: 480_000,
	windowMs: 600_000,
	buckets: 10,
};

interface Basket {
	/** When its first call was charged: the basket drops out one window later. */
	firstAt: number;
	chargedMs: number;
}

export class OperatingLimiter {
	/** identity + method → basket number (minutes of the clock, scaled) → what it holds. */
	private charges = new Map<string, Map<number, Basket>>();

	constructor(public config: OperatingLimitConfig) {}

	reset(): void {
		this.charges.clear();
	}

	private get bucketMs(): number {
		return this.config.windowMs / this.config.buckets;
	}

	private key = (identity: string, method: string) => `${identity}\n${method}`;

	/** The baskets still inside the window at `now`, the ones past it dropped. */
	private live(key: string, now: number): Map<number, Basket> {
		const baskets = this.charges.get(key) ?? new Map<number, Basket>();
		for (const [number, basket] of baskets)
			if (basket.firstAt + this.config.windowMs <= now) baskets.delete(number);
		this.charges.set(key, baskets);
		return baskets;
	}

	private static totalMs(baskets: Map<number, Basket>): number {
		let total = 0;
		for (const basket of baskets.values()) total += basket.chargedMs;
		return total;
	}

	private info(baskets: Map<number, Basket>, now: number): OperatingInfo {
		const firstAts = [...baskets.values()].map((basket) => basket.firstAt);
		// With nothing charged there is nothing to wait for: the window is free now.
		const resetAtMs = firstAts.length > 0 ? Math.min(...firstAts) + this.config.windowMs : now;
		// Whole seconds on Bitrix24's clock (a second is a sixtieth of a basket), rounded down as a
		// Unix timestamp is: a client that waits only until then may still be a moment early.
		const secondMs = this.bucketMs / 60;
		return {
			operating: OperatingLimiter.totalMs(baskets) / 1000,
			resetAt: (Math.floor(resetAtMs / secondMs) * secondMs) / 1000,
		};
	}

	/** True when the method may run now for this identity: its time so far has not passed the limit. */
	allows(identity: string, method: string): boolean {
		if (!this.config.enabled) return true;
		return (
			OperatingLimiter.totalMs(this.live(this.key(identity, method), Date.now())) <=
			this.config.limitMs
		);
	}

	/** Charges one call's execution time; returns what `time` reports, or undefined when the limit is off. */
	charge(identity: string, method: string, spentMs: number): OperatingInfo | undefined {
		if (!this.config.enabled) return undefined;
		const now = Date.now();
		const baskets = this.live(this.key(identity, method), now);
		const number = Math.floor(now / this.bucketMs);
		const basket = baskets.get(number) ?? { firstAt: now, chargedMs: 0 };
		basket.chargedMs += spentMs;
		baskets.set(number, basket);
		return this.info(baskets, now);
	}

	usage(): Record<string, OperatingInfo> {
		const now = Date.now();
		const out: Record<string, OperatingInfo> = {};
		for (const key of [...this.charges.keys()]) {
			const baskets = this.live(key, now);
			if (baskets.size > 0) out[key.replace('\n', ' ')] = this.info(baskets, now);
		}
		return out;
	}
}
