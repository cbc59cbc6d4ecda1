/**
 * The portal's request-rate limit (b24restdocs limits.md, EN-docs limits.md): a leaky bucket per portal.
 * Every request raises the counter by one, the counter drains by `drainPerSec` each second, and a
 * request that would take it above `burst` is refused with 503 QUERY_LIMIT_EXCEEDED (and not counted).
 */
import type { RateLimitConfig } from './types';

export const defaultRateLimit: RateLimitConfig = { enabled: true, burst: 50, drainPerSec: 2 };

export class LeakyBucket {
	private level = 0;
	private updatedAt = Date.now();

	constructor(public config: RateLimitConfig) {}

	reset(): void {
		this.level = 0;
		this.updatedAt = Date.now();
	}

	private drain(now: number): void {
		this.level = Math.max(
			0,
			this.level - ((now - this.updatedAt) / 1000) * this.config.drainPerSec,
		);
		this.updatedAt = now;
	}

	/** Counts one request; false when the bucket is full. */
	take(): boolean {
		if (!this.config.enabled) return true;
		this.drain(Date.now());
		if (this.level + 1 > this.config.burst) return false;
		this.level += 1;
		return true;
	}

	currentLevel(): number {
		this.drain(Date.now());
		return this.level;
	}
}
