import type { RateLimit } from '../transport/portal';

interface Flight {
	sentAt: number;
}

/**
 * Client-side copy of Bitrix24's leaky bucket, so requests wait instead of being refused with
 * QUERY_LIMIT_EXCEEDED. The portal counts a request when it arrives, which may be any time
 * between sending it and getting the answer: so a request in flight counts in full, and once
 * answered it counts as if it had arrived just then. The client's level is then never below the
 * portal's, whatever the latency. Room is checked and taken in one synchronous step, so
 * concurrent executions in one n8n process share the bucket without racing.
 */
export class LeakyBucket {
	/** Requests counted, draining since they were sent (or, once answered, since the answer). */
	private level = 0;

	private updatedAt = Date.now();

	private readonly inFlight = new Set<Flight>();

	/** Requests waiting for room, oldest first; a waiter's place sets how long it sleeps. */
	private readonly queue: object[] = [];

	constructor(private limit: RateLimit) {}

	configure(limit: RateLimit): void {
		if (limit.burst === this.limit.burst && limit.drainPerSecond === this.limit.drainPerSecond) return;
		this.drain();
		this.limit = limit;
	}

	/**
	 * Waits (through `pause`) until one more request fits, then counts it as sent. Returns the
	 * function to call when the request's answer (or failure) is in.
	 */
	async acquire(pause: (waitMs: number) => Promise<void>): Promise<() => void> {
		const ticket = {};
		this.queue.push(ticket);
		try {
			for (let waitMs = this.waitMs(this.queue.length - 1); waitMs > 0; waitMs = this.waitMs(this.queue.indexOf(ticket))) {
				await pause(waitMs);
			}
		} finally {
			this.queue.splice(this.queue.indexOf(ticket), 1);
		}
		return this.take();
	}

	/** How long until a request with `ahead` others waiting before it would fit; 0 = now. */
	waitMs(ahead: number): number {
		// One slot of headroom absorbs clock skew and a request of another integration on the portal.
		const capacity = Math.max(1, this.limit.burst - 1);
		const excess = this.currentLevel() + 1 + ahead - capacity;
		return excess <= 0 ? 0 : Math.ceil((excess / this.limit.drainPerSecond) * 1000);
	}

	/** Counts a request sent now; the returned function marks it answered. */
	take(): () => void {
		this.drain();
		this.level += 1;
		const flight: Flight = { sentAt: this.updatedAt };
		this.inFlight.add(flight);
		return () => {
			if (!this.inFlight.delete(flight)) return;
			this.drain();
			this.level += this.drainedSince(flight.sentAt);
		};
	}

	/** The level as the portal may see it at worst: in-flight requests not drained at all. */
	currentLevel(): number {
		this.drain();
		let level = this.level;
		for (const flight of this.inFlight) level += this.drainedSince(flight.sentAt);
		return level;
	}

	/** The portal said the bucket is full: believe it, so every waiter slows down. */
	markFull(): void {
		this.drain();
		this.level = Math.max(this.level, this.limit.burst);
	}

	/** What the level lost of one request since `since` (at most the whole request). */
	private drainedSince(since: number): number {
		return Math.min(1, ((this.updatedAt - since) / 1000) * this.limit.drainPerSecond);
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
