/** decideRetry: what is retried, after how long, and the words used when it is not. */
import { decideRetry } from '../../nodes/Bitrix24/engine/retryPolicy';
import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import type { BitrixFailure, RetryKind } from '../../nodes/Bitrix24/transport/failure';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const settings = { ...DEFAULT_ENGINE_SETTINGS, maxRetries: 5, maxRetryWaitMs: 120_000, retryBaseDelayMs: 1_000 };
const fresh = { attempts: 0, waitedMs: 0 };

const failure = (retry: RetryKind): BitrixFailure => ({ code: '', description: '', retry });

beforeEach(() => jest.useFakeTimers({ now: NOW }));
afterEach(() => {
	jest.useRealTimers();
	jest.restoreAllMocks();
});

it('never retries what retrying cannot fix', () => {
	expect(decideRetry(failure('never'), fresh, settings, 0, undefined)).toEqual({ retry: false });
});

it('stops at Max Retries and says so', () => {
	expect(decideRetry(failure('transient'), { attempts: 5, waitedMs: 0 }, settings, 0, undefined)).toEqual({
		retry: false,
		gaveUp: 'Gave up after 5 retries (Max Retries is 5).',
	});
	expect(decideRetry(failure('rateLimit'), { attempts: 1, waitedMs: 0 }, { ...settings, maxRetries: 1 }, 0, undefined)).toEqual({
		retry: false,
		gaveUp: 'Gave up after 1 retry (Max Retries is 1).',
	});
});

describe('operating-time limit', () => {
	it('waits until the reset Bitrix24 reported, plus a second', () => {
		expect(decideRetry(failure('operatingLimit'), fresh, settings, 0, NOW + 30_000)).toEqual({
			retry: true,
			waitMs: 31_000,
			reason: "the method's operating-time limit",
		});
	});

	it('fails at once, with the time it unblocks, when the reset is past Max Retry Wait', () => {
		expect(decideRetry(failure('operatingLimit'), fresh, settings, 0, NOW + 200_000)).toEqual({
			retry: false,
			gaveUp: 'It unblocks at about 2030-01-01 12:03:21 UTC, later than the node may wait (Max Retry Wait is 120 s).',
		});
	});

	it('counts the wait already spent against Max Retry Wait', () => {
		const decision = decideRetry(failure('operatingLimit'), { attempts: 1, waitedMs: 100_000 }, settings, 0, NOW + 30_000);
		expect(decision).toMatchObject({ retry: false, gaveUp: expect.stringContaining('It unblocks at about 2030-01-01 12:00:31 UTC') });
	});

	it('waits 10 s when the reset is unknown or already past', () => {
		for (const resetAt of [undefined, NOW - 1_000]) {
			expect(decideRetry(failure('operatingLimit'), fresh, settings, 0, resetAt)).toMatchObject({ retry: true, waitMs: 10_000 });
		}
		expect(decideRetry(failure('operatingLimit'), fresh, { ...settings, maxRetryWaitMs: 5_000 }, 0, undefined)).toEqual({
			retry: false,
			gaveUp: 'It unblocks within 10 minutes, later than the node may wait (Max Retry Wait is 5 s).',
		});
	});
});

it('backs off 1.5× per retry on QUERY_LIMIT_EXCEEDED, from at least one drain interval', () => {
	const waits = [0, 1, 2, 3].map((attempts) => decideRetry(failure('rateLimit'), { attempts, waitedMs: 0 }, settings, 500, undefined));
	expect(waits.map((decision) => (decision.retry ? decision.waitMs : -1))).toEqual([500, 750, 1_125, 1_688]);
	// A fast drain does not make the wait shorter than a quarter of Retry Delay.
	expect(decideRetry(failure('rateLimit'), fresh, settings, 1, undefined)).toMatchObject({ waitMs: 250 });
});

it('doubles the wait per retry on server errors, with ±20 % jitter, capped at 30 s', () => {
	const wait = (attempts: number) => {
		const decision = decideRetry(failure('transient'), { attempts, waitedMs: 0 }, { ...settings, maxRetries: 20 }, 0, undefined);
		return decision.retry ? decision.waitMs : -1;
	};
	jest.spyOn(Math, 'random').mockReturnValue(0.5);
	expect([0, 1, 2, 3].map(wait)).toEqual([1_000, 2_000, 4_000, 8_000]);
	jest.spyOn(Math, 'random').mockReturnValue(0);
	expect(wait(0)).toBe(800);
	jest.spyOn(Math, 'random').mockReturnValue(1);
	expect(wait(0)).toBe(1_200);
	expect(wait(10)).toBe(36_000);
	jest.spyOn(Math, 'random').mockReturnValue(0.5);
	expect(wait(10)).toBe(30_000);
});

it('gives up when the next wait would pass Max Retry Wait', () => {
	jest.spyOn(Math, 'random').mockReturnValue(0.5);
	expect(decideRetry(failure('transient'), { attempts: 2, waitedMs: 117_000 }, settings, 0, undefined)).toEqual({
		retry: false,
		gaveUp: 'Gave up after 2 retries: the next wait would pass Max Retry Wait (120 s).',
	});
});
