import type { RateLimit } from '../transport/tariff';
import { BurstShare } from './burstShare';

/**
 * Client-side copy of Bitrix24's leaky bucket, so requests wait instead of being refused with
 * QUERY_LIMIT_EXCEEDED. The portal's bucket is shared by everyone who calls it from one address
 * (b24restdocs limits.md): other n8n workers, other integrations. Their requests are invisible
 * here until the portal refuses one of ours while the copy still saw room; the gap then says how
 * fast the others fill the bucket, and the copy fills itself that much faster from then on. With
 * no refusal for a while that estimate fades, so the engine takes back what a neighbour stopped
 * using. The portal counts a request when it arrives, which may be any time
 * between sending it and getting the answer: so a request in flight counts in full, and once
 * answered it joins the draining level as if it had arrived just then. The client's level is then
 * never below the portal's, whatever the latency (counting from the moment of sending would let a
 * slow request drain on the client before the portal has even seen it). Room is checked and taken
 * in one synchronous step, so concurrent executions in one n8n process share the bucket. Other
 * processes starting a load together are met by the part of the burst this one takes
 * (burstShare.ts).
 */
export class LeakyBucket {
	/** Answered requests, draining since their answers came. */
	private level = 0;

	private updatedAt = Date.now();

	/** Requests sent and not answered yet: each counts 1 and does not drain. */
	private inFlight = 0;

	/** Requests waiting for room, oldest first; a waiter's place sets how long it sleeps. */
	private readonly queue: object[] = [];

	/** Requests a second that others add to the portal's bucket, as far as refusals have shown. */
	private foreignPerSecond = 0;

	/**
	 * Since when the copy's level is known to match the portal's: the last refusal. Before the first,
	 * the portal's level at the start is unknown, so a refusal then tells no rate.
	 */
	private matchedAt: number | undefined;

	private burstShare = new BurstShare();

	constructor(private limit: RateLimit) {}

	configure(limit: RateLimit): void {
		if (limit.burst === this.limit.burst && limit.drainPerSecond === this.limit.drainPerSecond)
			return;
		this.drain();
		this.limit = limit;
		// A fuller copy than the new bucket could hold would only say the old limits were larger.
		this.level = Math.min(this.level, limit.burst);
		// What was learnt about others is in terms of the old rate.
		this.foreignPerSecond = Math.min(this.foreignPerSecond, 0.9 * limit.drainPerSecond);
		// New limits (another plan, or processes sharing the portal now counted) start afresh.
		this.burstShare = new BurstShare();
	}

	/**
	 * Waits (through `pause`) until one more request fits, then counts it as sent. Returns the
	 * function to call when the request's answer (or failure) is in, or undefined when `pause`
	 * declined a wait (it answers false), in which case nothing was counted.
	 */
	async acquire(
		pause: (waitMs: number) => Promise<boolean>,
	): Promise<((refused?: boolean) => void) | undefined> {
		const ticket = {};
		this.queue.push(ticket);
		let waited = false;
		try {
			for (
				let waitMs = this.waitMs(this.queue.length - 1);
				waitMs > 0;
				waitMs = this.waitMs(this.queue.indexOf(ticket))
			) {
				waited = true;
				if (!(await pause(waitMs))) return undefined;
			}
		} finally {
			this.queue.splice(this.queue.indexOf(ticket), 1);
		}
		return this.take(waited);
	}

	/** How long until a request with `ahead` others waiting before it would fit; 0 = now. */
	waitMs(ahead: number): number {
		const excess = this.currentLevel() + 1 + ahead - this.capacity;
		return excess <= 0 ? 0 : Math.ceil((excess / this.sharePerSecond) * 1000);
	}

	/** Requests that would go out now without waiting, after those already waiting. */
	room(): number {
		return Math.max(0, Math.floor(this.capacity - this.currentLevel()) - this.queue.length);
	}

	/** The requests the copy lets through at once: this process's part of the burst. */
	get capacity(): number {
		// One slot of headroom absorbs clock skew and a request of another integration on the portal.
		return Math.max(1, Math.floor(this.limit.burst * this.burstShare.part) - 1);
	}

	/**
	 * Counts a request sent now (`waited`: after waiting for room). The returned function marks it
	 * answered, `refused` when the portal said its bucket was full.
	 */
	take(waited = false): (refused?: boolean) => void {
		const opening = this.burstShare.joins(this.currentLevel() < 1, waited, this.capacity);
		this.inFlight += 1;
		let answered = false;
		return (refused = false) => {
			if (answered) return;
			answered = true;
			this.inFlight -= 1;
			this.drain();
			this.level += 1;
			if (refused) this.markFull();
			this.burstShare.answered(opening, refused, this.limit.burst);
		};
	}

	/** The level as the portal may see it at worst. */
	currentLevel(): number {
		this.drain();
		return this.level + this.inFlight;
	}

	/**
	 * The portal said the bucket is full: believe it, so every waiter slows down, and learn from the
	 * room the copy thought there was how fast others are filling it.
	 */
	markFull(): void {
		this.drain();
		const now = Date.now();
		const unseen = this.limit.burst - (this.level + this.inFlight);
		if (unseen > 0 && this.matchedAt !== undefined) {
			// Since the last refusal the portal's level stayed at the top, so the requests the copy
			// did not see came at `unseen / seconds` beyond what it thought others send. Move half way
			// there (one refusal tells only a few requests), plus a twentieth of the rate as headroom,
			// so that a steady neighbour is met again only every few seconds as the estimate fades.
			const seconds = Math.max((now - this.matchedAt) / 1000, 1 / this.limit.drainPerSecond);
			const learnt = (0.5 * unseen) / seconds + 0.05 * this.limit.drainPerSecond;
			// Never give the neighbours everything: the engine must still get a share to finish.
			this.foreignPerSecond = Math.min(
				0.9 * this.limit.drainPerSecond,
				this.foreignPerSecond + learnt,
			);
		}
		this.level = Math.max(this.level, this.limit.burst);
		this.matchedAt = now;
	}

	/** Requests a second left to this process: the plan's rate less what others were seen to use. */
	get sharePerSecond(): number {
		return this.limit.drainPerSecond - this.foreignPerSecond;
	}

	private drain(): void {
		const now = Date.now();
		const seconds = (now - this.updatedAt) / 1000;
		this.updatedAt = now;
		if (seconds <= 0) return;
		this.level = Math.max(0, this.level - seconds * this.sharePerSecond);
		// Half of the estimate fades over the time the bucket takes to drain ten times from full
		// (250 s on the standard plan): a steady neighbour is met again only now and then.
		const halfLife = (10 * this.limit.burst) / this.limit.drainPerSecond;
		this.foreignPerSecond *= 0.5 ** (seconds / halfLife);
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
