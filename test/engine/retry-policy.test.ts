/** The retry policy: what kind each failure is, what is retried, after how long, and the words when it is not. */
import { BINDING_OPERATIONS } from '../../nodes/Bitrix24/actions/bindings';
import type { RetryKind } from '../../nodes/Bitrix24/engine/retryPolicy';
import { decideRetry, retryKindOf } from '../../nodes/Bitrix24/engine/retryPolicy';
import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import type { BitrixFailure } from '../../nodes/Bitrix24/transport/failure';

const settings = {
	...DEFAULT_ENGINE_SETTINGS,
	maxRetries: 5,
	maxRetryWaitMs: 120_000,
	retryBaseDelayMs: 1_000,
};
const fresh = { attempts: 0, waitedMs: 0 };

/** A failure of each kind, as the transport reports it. */
const FAILURE_OF_KIND: Record<RetryKind, BitrixFailure> = {
	never: { code: 'ACCESS_DENIED', description: '', httpStatus: 403 },
	rateLimit: { code: 'QUERY_LIMIT_EXCEEDED', description: '', httpStatus: 503 },
	operatingLimit: { code: 'OPERATION_TIME_LIMIT', description: '', httpStatus: 429 },
	transient: { code: '', description: 'ETIMEDOUT', transportProblem: 'timeout' },
};
const failure = (kind: RetryKind): BitrixFailure => FAILURE_OF_KIND[kind];

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

it('tells the kinds apart from the facts of a failure, in one place', () => {
	const kinds: Array<[BitrixFailure, RetryKind]> = [
		[{ code: '', description: '', httpStatus: 502 }, 'transient'],
		[{ code: 'ERROR_CORE', description: '', httpStatus: 500 }, 'never'],
		[{ code: '', description: '', httpStatus: 400 }, 'never'],
		[
			{ code: '', description: 'cut', httpStatus: 200, transportProblem: 'unreadable' },
			'transient',
		],
		[{ code: '', description: 'page', httpStatus: 404, transportProblem: 'unreadable' }, 'never'],
		[{ code: '', description: 'left out', transportProblem: 'incomplete' }, 'transient'],
		[
			{ code: '', description: 'no result', httpStatus: 200, transportProblem: 'incomplete' },
			'never',
		],
		[{ code: '', description: 'reset', transportProblem: 'connection' }, 'transient'],
		[{ code: '', description: 'SSRF', transportProblem: 'other' }, 'never'],
		[{ code: 'invalid_client', description: '', transportProblem: 'tokenRefused' }, 'never'],
		[
			{ code: '', description: '', heldBack: { limit: 'request', until: 0, boundMinutes: 1 } },
			'never',
		],
	];
	for (const [facts, kind] of kinds) expect([facts, retryKindOf(facts)]).toEqual([facts, kind]);
});

describe('repeating a call only where its operation says it is safe', () => {
	it.each(BINDING_OPERATIONS.map((operation) => [operation.value, operation.repeatSafe]))(
		'%s: its calls are retried after a passing fault exactly when it is flagged safe to repeat',
		(_value, repeatSafe) => {
			const decision = decideRetry({
				failure: failure('transient'),
				state: fresh,
				settings,
				repeatSafe: repeatSafe !== false,
			});
			expect(decision.retry).toBe(repeatSafe !== false);
		},
	);

	it('every operation of the table says whether it is safe to repeat, and why', () => {
		for (const operation of BINDING_OPERATIONS) {
			expect([operation.value, typeof operation.repeatSafe]).toEqual([
				operation.value,
				operation.repeatSafe === false ? 'boolean' : 'string',
			]);
			if (operation.repeatSafe !== false) expect(operation.repeatSafe.length).toBeGreaterThan(20);
		}
	});

	it('never retries a call that is not safe to repeat, whatever the fault', () => {
		expect(
			decideRetry({ failure: failure('transient'), state: fresh, settings, repeatSafe: false }),
		).toEqual({ retry: false });
	});
});
