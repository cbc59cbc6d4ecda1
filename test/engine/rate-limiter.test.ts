/** The client-side leaky bucket's arithmetic, on a fake clock. */
import { LeakyBucket, bucketFor } from '../../nodes/Bitrix24/engine/rateLimiter';
import { LeakyBucket as PortalBucket, defaultRateLimit } from '../sandbox/rate-limit';

const STANDARD = { burst: 50, drainPerSecond: 2 };

beforeEach(() => jest.useFakeTimers({ now: 1_800_000_000_000 }));
afterEach(() => jest.useRealTimers());

const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

it('lets the burst less one slot of headroom go at once, then paces at the drain rate', () => {
	const bucket = new LeakyBucket(STANDARD);
	for (let sent = 0; sent < 49; sent++) {
		expect(bucket.waitMs(0)).toBe(0);
		bucket.take()();
	}
	// Full: the next request waits for one slot to drain (1 / 2 per s), the one behind it for two more.
	expect(bucket.waitMs(0)).toBe(500);
	expect(bucket.waitMs(2)).toBe(1_500);
	advance(500);
	expect(bucket.waitMs(0)).toBe(0);
});

it('drains answered requests from when they were answered, at the drain rate', () => {
	const bucket = new LeakyBucket(STANDARD);
	bucket.take()();
	expect(bucket.currentLevel()).toBe(1);
	advance(250);
	expect(bucket.currentLevel()).toBeCloseTo(0.5);
	advance(10_000);
	expect(bucket.currentLevel()).toBe(0);
});

it('counts a request in flight in full until its answer, since the portal may count it that late', () => {
	const bucket = new LeakyBucket(STANDARD);
	const answered = bucket.take();
	advance(10_000);
	expect(bucket.currentLevel()).toBe(1);
	answered();
	expect(bucket.currentLevel()).toBe(1);
	advance(500);
	expect(bucket.currentLevel()).toBe(0);
	// Marking it answered twice changes nothing.
	answered();
	expect(bucket.currentLevel()).toBe(0);
});

it('believes the portal when it says the bucket is full', () => {
	const bucket = new LeakyBucket(STANDARD);
	bucket.markFull();
	expect(bucket.currentLevel()).toBe(50);
	// 50 + 1 against a capacity of 49: two slots to drain.
	expect(bucket.waitMs(0)).toBe(1_000);
});

it('makes waiters sleep by their place in the queue', async () => {
	const bucket = new LeakyBucket({ burst: 2, drainPerSecond: 10 });
	const slept: number[][] = [[], [], []];
	const sentAt: number[] = [];
	const startedAt = Date.now();
	const pauseFor = (waiter: number) => async (ms: number) => {
		slept[waiter].push(ms);
		await new Promise((resolve) => setTimeout(resolve, ms));
		return true;
	};
	// Each request is answered at once; in flight, it would hold its slot until then.
	const all = Promise.all(
		[0, 1, 2].map(async (waiter) => {
			const answered = await bucket.acquire(pauseFor(waiter));
			sentAt[waiter] = Date.now() - startedAt;
			answered?.();
		}),
	);
	await jest.advanceTimersByTimeAsync(1_000);
	await all;

	expect(slept).toEqual([[], [100], [200]]);
	expect(sentAt).toEqual([0, 100, 200]);
});

describe('sharing the portal with others', () => {
	const FAST = { burst: 50, drainPerSecond: 10 };

	/** A refusal at the start only tells the portal's level: the rate is learnt from the next. */
	const calibrated = () => {
		const bucket = new LeakyBucket(FAST);
		bucket.markFull();
		advance(5_000);
		expect(bucket.sharePerSecond).toBe(10);
		return bucket;
	};

	it('learns from a refusal how fast others fill the bucket, and leaves them that share', () => {
		const bucket = calibrated();
		for (let sent = 0; sent < 49; sent++) bucket.take()();
		advance(2_000);
		// The copy has drained to 29, yet the portal is full: 21 requests it never saw in the 7 s
		// since the last refusal, 3 a second. Half of that, and a twentieth of the rate as headroom.
		expect(bucket.currentLevel()).toBeCloseTo(29);
		bucket.markFull();
		expect(bucket.sharePerSecond).toBeCloseTo(10 - (1.5 + 0.5));
		// The copy now drains at the share left: 2 slots take 2 / 8 s.
		expect(bucket.waitMs(0)).toBe(250);
	});

	it('takes the share back as refusals stop: half of it every 50 s (ten drains of the bucket)', () => {
		const bucket = calibrated();
		for (let sent = 0; sent < 49; sent++) bucket.take()();
		advance(2_000);
		bucket.markFull();
		advance(50_000);
		bucket.currentLevel();
		expect(bucket.sharePerSecond).toBeCloseTo(10 - 2 / 2);
		advance(500_000);
		bucket.currentLevel();
		expect(bucket.sharePerSecond).toBeGreaterThan(9.9);
	});

	it('never leaves itself less than a tenth of the rate', () => {
		const bucket = calibrated();
		// Refused every 5 s while the copy has drained to empty: others fill the whole bucket.
		for (let refusal = 0; refusal < 5; refusal++) {
			advance(5_000);
			bucket.markFull();
		}
		expect(bucket.sharePerSecond).toBeGreaterThanOrEqual(1 - 1e-9);
	});

	it('learns nothing from a refusal its own requests explain', () => {
		const bucket = calibrated();
		for (let sent = 0; sent < 50; sent++) bucket.take();
		bucket.markFull();
		expect(bucket.sharePerSecond).toBe(10);
	});
});

describe('opening a load beside another process', () => {
	/**
	 * Every copy sends what it lets through at once, in turns, to one portal bucket (the sandbox's,
	 * standard plan); the answers come after all were sent. Returns each copy's refused requests.
	 */
	const openLoad = (portal: PortalBucket, copies: LeakyBucket[]) => {
		const refused = copies.map(() => 0);
		const answers: Array<() => void> = [];
		for (let turn = 0; turn < 50; turn++) {
			copies.forEach((copy, index) => {
				if (copy.waitMs(0) > 0) return;
				const answered = copy.take();
				const accepted = portal.take();
				if (!accepted) refused[index] += 1;
				answers.push(() => answered(!accepted));
			});
		}
		answers.forEach((answer) => answer());
		return refused;
	};

	it('keeps the part of the burst the portal gave it, so the next load opens without refusals', () => {
		const portal = new PortalBucket({ ...defaultRateLimit });
		const workers = [new LeakyBucket(STANDARD), new LeakyBucket(STANDARD)];
		// Both open with the whole burst less one: 98 requests against room for 50.
		expect(openLoad(portal, workers)).toEqual([24, 24]);
		// 25 of each copy's 49 fitted: half the burst, less the slot of headroom.
		expect(workers.map((worker) => worker.capacity)).toEqual([24, 24]);

		advance(60_000);
		expect(openLoad(portal, workers)).toEqual([0, 0]);
		// Accepted whole, each opening earns back a twentieth of the burst...
		expect(workers.map((worker) => worker.capacity)).toEqual([26, 26]);
		advance(60_000);
		// ... which overshoots by a slot each, and is given back.
		expect(openLoad(portal, workers)).toEqual([1, 1]);
		expect(workers.map((worker) => worker.capacity)).toEqual([24, 24]);
	});

	it('earns the whole burst back over openings the portal accepts whole', () => {
		const portal = new PortalBucket({ ...defaultRateLimit });
		const worker = new LeakyBucket(STANDARD);
		openLoad(portal, [worker, new LeakyBucket(STANDARD)]);
		const capacities = [];
		for (let load = 0; load < 10; load++) {
			advance(60_000);
			expect(openLoad(portal, [worker])).toEqual([0]);
			capacities.push(worker.capacity);
		}
		expect(capacities).toEqual([26, 29, 31, 34, 36, 39, 41, 44, 46, 49]);
	});

	it('moves toward a small part over openings, at most halving it each time', () => {
		const worker = new LeakyBucket(STANDARD);
		const capacities = [];
		for (let load = 0; load < 4; load++) {
			advance(60_000);
			// A neighbour holds 45 of the portal's 50 whenever this process opens a load.
			const portal = new PortalBucket({ ...defaultRateLimit });
			for (let held = 0; held < 45; held++) portal.take();
			openLoad(portal, [worker]);
			capacities.push(worker.capacity);
		}
		// 5 accepted is a tenth of the burst, but each opening only halves the part: 0.5, 0.25, 0.125
		// (capacity 5, the room there is), whose opening the portal accepts whole: a twentieth back.
		expect(capacities).toEqual([24, 11, 5, 7]);
	});

	it('learns nothing about its part from an opening refused whole: the bucket was full before it', () => {
		const worker = new LeakyBucket(STANDARD);
		for (let sent = 0; sent < 3; sent++) worker.take()(true);
		expect(worker.capacity).toBe(49);
	});

	it('starts afresh when the credential gives other limits', () => {
		const workers = [new LeakyBucket(STANDARD), new LeakyBucket(STANDARD)];
		openLoad(new PortalBucket({ ...defaultRateLimit }), workers);
		expect(workers[0].capacity).toBe(24);
		// Now counted as one of two processes: half the plan, all of it this process's own.
		workers[0].configure({ burst: 25, drainPerSecond: 1 });
		expect(workers[0].capacity).toBe(24);
	});

	it('learns nothing about its part from a refusal after it had to wait for room', () => {
		const worker = new LeakyBucket(STANDARD);
		for (let sent = 0; sent < 49; sent++) worker.take()();
		advance(500);
		worker.take(true)(true);
		expect(worker.capacity).toBe(49);
	});
});

it('keeps one bucket per portal, shared by every caller, and takes new limits', () => {
	const first = bucketFor('https://a.bitrix24.test', STANDARD);
	expect(bucketFor('https://a.bitrix24.test', STANDARD)).toBe(first);
	expect(bucketFor('https://b.bitrix24.test', STANDARD)).not.toBe(first);

	bucketFor('https://a.bitrix24.test', { burst: 250, drainPerSecond: 5 });
	for (let sent = 0; sent < 100; sent++) first.take()();
	expect(first.waitMs(0)).toBe(0);
});
