import type { RateLimit } from '../transport/portal';

/**
 * Client-side copy of Bitrix24's leaky bucket, so requests wait instead of being refused with
 * QUERY_LIMIT_EXCEEDED. Each request reserves a slot synchronously, so concurrent executions in
 * one n8n process share the bucket without racing.
 */
export class LeakyBucket {
	private level = 0;

	private updatedAt = Date.now();

	constructor(private limit: RateLimit) {}

	configure(limit: RateLimit): void {
		if (limit.burst === this.limit.burst && limit.drainPerSecond === this.limit.drainPerSecond) return;
		this.drain();
		this.limit = limit;
	}

	/** Reserves room for one request and returns how long to wait before sending it. */
	reserve(): number {
		this.drain();
		// One slot of headroom and a slightly slower drain than the portal's absorb clock skew and
		// requests of other integrations that share the portal's bucket.
		const capacity = Math.max(1, this.limit.burst - 1);
		const drain = this.limit.drainPerSecond * 0.98;
		const waitMs = this.level + 1 <= capacity ? 0 : ((this.level + 1 - capacity) / drain) * 1000;
		this.level += 1;
		return Math.ceil(waitMs);
	}

	/** The portal said the bucket is full: believe it, so every waiter slows down. */
	markFull(): void {
		this.drain();
		this.level = Math.max(this.level, this.limit.burst);
	}

	private drain(): void {
		const now = Date.now();
		this.level = Math.max(0, this.level - ((now - this.updatedAt) / 1000) * this.limit.drainPerSecond);
		this.updatedAt = now;
	}
}

// Module state lives as long as the n8n process: Bitrix24 counts requests per portal, not per
// execution, so every execution talking to a portal must draw from the same bucket.
const bucketsByPortal = new Map<string, LeakyBucket>();

export function bucketFor(portalKey: string, limit: RateLimit): LeakyBucket {
	let bucket = bucketsByPortal.get(portalKey);
	if (!bucket) {
		bucket = new LeakyBucket(limit);
		bucketsByPortal.set(portalKey, bucket);
	} else {
		bucket.configure(limit);
	}
	return bucket;
}
