import type { RateLimit } from '../transport/portal';

/**
 * Client-side copy of Bitrix24's leaky bucket, so requests wait instead of being refused with
 * QUERY_LIMIT_EXCEEDED. The portal counts a request when it arrives, which may be any time
 * between sending it and getting the answer: so a request in flight counts in full, and once
 * answered it joins the draining level as if it had arrived just then. The client's level is then
 * never below the portal's, whatever the latency (counting from the moment of sending would let a
 * slow request drain on the client before the portal has even seen it). Room is checked and taken
 * in one synchronous step, so concurrent executions in one n8n process share the bucket.
 */
export class LeakyBucket {
	/** Answered requests, draining since their answers came. */
	private level = 0;

	private updatedAt = Date.now();

	/** Requests sent and not answered yet: each counts 1 and does not drain. */
	private inFlight = 0;

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
		this.inFlight += 1;
		let answered = false;
		return () => {
			if (answered) return;
			answered = true;
			this.inFlight -= 1;
			this.drain();
			this.level += 1;
		};
	}

	/** The level as the portal may see it at worst. */
	currentLevel(): number {
		this.drain();
		return this.level + this.inFlight;
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
