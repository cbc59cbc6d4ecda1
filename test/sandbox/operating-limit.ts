/**
 * The per-method operating-time limit (research §4.2, EN-docs limits.md): each call charges its
 * execution time to its method, per app or webhook; once the time accumulated within the window
 * exceeds the limit, the next call of that method gets 429 OPERATION_TIME_LIMIT while other
 * methods keep working. The sandbox charges a configured cost instead of measured time and keeps
 * exact timestamps instead of one-minute buckets, so tests can use short windows.
 */
import type { OperatingInfo } from './envelope';
import type { OperatingLimitConfig } from './types';

export const defaultOperatingLimit: OperatingLimitConfig = {
	enabled: false,
	limitMs: 480_000,
	windowMs: 600_000,
	costMs: 100,
};

interface Charge {
	at: number;
	costMs: number;
}

export class OperatingLimiter {
	private charges = new Map<string, Charge[]>();

	constructor(public config: OperatingLimitConfig) {}

	reset(): void {
		this.charges.clear();
	}

	private key = (identity: string, method: string) => `${identity}\n${method}`;

	private live(key: string, now: number): Charge[] {
		const list = (this.charges.get(key) ?? []).filter((c) => c.at + this.config.windowMs > now);
		this.charges.set(key, list);
		return list;
	}

	private info(list: Charge[]): OperatingInfo {
		const total = list.reduce((sum, c) => sum + c.costMs, 0);
		return {
			operating: total / 1000,
			resetAt: list.length ? Math.ceil((list[0].at + this.config.windowMs) / 1000) : undefined,
		};
	}

	/** True when the method may run now for this identity. */
	allows(identity: string, method: string): boolean {
		if (!this.config.enabled) return true;
		const list = this.live(this.key(identity, method), Date.now());
		return list.reduce((sum, c) => sum + c.costMs, 0) <= this.config.limitMs;
	}

	/** Charges one call and returns what the `time` object reports; undefined when the limit is off. */
	charge(identity: string, method: string): OperatingInfo | undefined {
		if (!this.config.enabled) return undefined;
		const now = Date.now();
		const key = this.key(identity, method);
		const list = this.live(key, now);
		list.push({ at: now, costMs: this.config.costMsByMethod?.[method] ?? this.config.costMs });
		return this.info(list);
	}

	usage(): Record<string, OperatingInfo> {
		const now = Date.now();
		const out: Record<string, OperatingInfo> = {};
		for (const key of [...this.charges.keys()]) {
			const list = this.live(key, now);
			if (list.length) out[key.replace('\n', ' ')] = this.info(list);
		}
		return out;
	}
}
