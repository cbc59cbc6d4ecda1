/** decideRetry: what is retried, after how long, and the words used when it is not. */
import { decideRetry } from '../../nodes/Bitrix24/engine/retryPolicy';
import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import type { BitrixFailure, RetryKind } from '../../nodes/Bitrix24/transport/failure';

const settings = {
	...DEFAULT_ENGINE_SETTINGS,
	maxRetries: 5,
	maxRetryWaitMs: 120_000,
	retryBaseDelayMs: 1_000,
};
const fresh = { attempts: 0, waitedMs: 0 };

const failure = (retry: RetryKind): BitrixFailure => ({ code: '', description: '', retry });

afterEach(() => jest.restoreAllMocks());

const decide = (kind: RetryKind, state = fresh, overrides: Partial<typeof settings> = {}) =>
	decideRetry({ failure: failure(kind), state, settings: { ...settings, ...overrides } });

it('never retries what retrying cannot fix, nor a refusal for a limit (waiting those out is pacing)', () => {
	for (const kind of ['never', 'rateLimit', 'operatingLimit'] as const)
		expect(decide(kind)).toEqual({ retry: false });
});

it('stops at Max Retries and says so', () => {
	expect(decide('transient', { attempts: 5, waitedMs: 0 })).toEqual({
		retry: false,
		gaveUp: 'Gave up after 5 retries (Max Retries is 5).',
	});
	expect(decide('transient', { attempts: 1, waitedMs: 0 }, { maxRetries: 1 })).toEqual({
		retry: false,
		gaveUp: 'Gave up after 1 retry (Max Retries is 1).',
	});
});

it('doubles the wait per retry on server errors, with ±20 % jitter, capped at 30 s', () => {
	const wait = (attempts: number) => {
		const decision = decide('transient', { attempts, waitedMs: 0 }, { maxRetries: 20 });
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
	expect(decide('transient', { attempts: 2, waitedMs: 117_000 })).toEqual({
		retry: false,
		gaveUp: 'Gave up after 2 retries: the next wait would pass Max Retry Wait (120 s).',
	});
});
