/**
 * The fault kinds of the fault matrix (fault-matrix.test.ts runs each against every operation and
 * mode): how each is put in through the sandbox's control API, and what the case must end as.
 */
import { sleep } from 'n8n-workflow';

import type { FaultMatch, FaultSpec } from '../sandbox/types';
import { isErrorItem, refusedForLimit, restLog, run, storeFor, tokenRequests } from './support';
import {
	PREFIX,
	SETUP,
	itemsFor,
	parametersFor,
	type Case,
	type FaultKind,
	type Outcome,
} from './fault-matrix-cases';

const inject = (c: Case, fault: FaultSpec, count: number, match: FaultMatch = {}) =>
	c.sandbox.control.injectFault({ match, count, fault });

/** More than any case can use up: the fault never lifts during the case. */
const ALWAYS = 1_000;

const QUERY_LIMIT: FaultSpec = {
	kind: 'status',
	status: 503,
	body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
};
/** A 5xx without a Bitrix24 code: possibly passing, so retried. */
const SERVER_ERROR: FaultSpec = {
	kind: 'status',
	status: 500,
	body: { error: '', error_description: '' },
};
/** A 5xx with a Bitrix24 code: the call's own failure, never retried. */
const CORE_ERROR: FaultSpec = {
	kind: 'status',
	status: 500,
	body: { error: 'ERROR_CORE', error_description: 'Internal error while normalizing bindings' },
};

/**
 * The real operating-time limit: a warm-up run (same operation, other contacts) spends the whole
 * budget of each method, and the node learns that from the answers' `operating`; the case's run
 * then holds every command back until the window has room, without the portal refusing any.
 */
async function exhaustOperatingTime(c: Case, windowMs: number): Promise<void> {
	const count = c.items.length;
	// Each call takes 100 ms and a call is refused once the total exceeds the limit: `count` calls
	// of a method pass, the next one does not. The credential tells the node the same window.
	const limitMs = 100 * count - 50;
	await c.sandbox.control.setLimits({
		operating: { enabled: true, limitMs, windowMs },
		serverTime: { enabled: true, defaultMs: 100 },
	});
	c.store = await storeFor(c.sandbox, c.auth, {
		rateLimitPlan: 'custom',
		requestsPerSecond: 1000,
		burst: 1000,
		operatingLimitSeconds: limitMs / 1000,
		operatingWindowSeconds: windowMs / 1000,
	});
	const spareItems = itemsFor(c.operation, count, SETUP[c.operation].spare);
	const warmUp = await run({
		parameters: parametersFor(c.auth, c.operation, c.options),
		store: c.store,
		items: spareItems,
		continueOnFail: true,
	});
	expect(warmUp.items.filter(isErrorItem)).toEqual([]);
	await c.sandbox.control.clearLog();
}

const batched = (c: Case) => c.mode === 'batched';
const firstFails = (index: number): Outcome => (index === 0 ? 'fail' : 'ok');

export const FAULT_KINDS: FaultKind[] = [
	{
		name: '503 QUERY_LIMIT_EXCEEDED burst (2 requests)',
		arrange: async (c) => void (await inject(c, QUERY_LIMIT, 2)),
		outcome: 'ok',
		requests: 3,
	},
	{
		name: '503 QUERY_LIMIT_EXCEEDED that never lifts',
		// Waited out as pacing for 0.3 s (Max Wait for Limits), not as retries.
		options: { maxLimitWaitMinutes: 0.005 },
		arrange: async (c) => void (await inject(c, QUERY_LIMIT, ALWAYS)),
		outcome: 'fail',
		says: [/request limit/, /Max Wait for Limits is 0\.005 min/, /raise Max Wait for Limits/],
	},
	{
		name: 'operating-time budget spent, room again inside Max Wait for Limits',
		arrange: async (c) => await exhaustOperatingTime(c, 1_000),
		outcome: 'ok',
		// Held back until the window had room, so the portal refused nothing.
		check: async (c) => {
			const log = await restLog(c.sandbox);
			expect(log.filter(refusedForLimit)).toEqual([]);
		},
	},
	{
		name: 'operating-time budget spent, room again past Max Wait for Limits',
		arrange: async (c) => await exhaustOperatingTime(c, 120_000),
		outcome: 'fail',
		says: [
			/operating-time limit/,
			/has room again at about \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
			/Max Wait for Limits is 0\.05 min/,
			/Run the failed items again after then/,
		],
		// Held back before any request: the node knew the budget was spent.
		requests: 0,
	},
	{
		name: '500 once',
		arrange: async (c) => void (await inject(c, SERVER_ERROR, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: '500 that never lifts',
		arrange: async (c) => void (await inject(c, SERVER_ERROR, ALWAYS)),
		outcome: 'fail',
		says: [/HTTP 500/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		name: '500 ERROR_CORE (a Bitrix24 code): not retried',
		arrange: async (c) => void (await inject(c, CORE_ERROR, ALWAYS)),
		outcome: 'fail',
		says: [
			/ERROR_CORE, HTTP 500/,
			/Internal error while normalizing bindings/,
			/did not repeat it/,
		],
		requests: 1,
	},
	{
		name: '502 gateway HTML page twice',
		arrange: async (c) => void (await inject(c, { kind: 'html', status: 502 }, 2)),
		outcome: 'ok',
		requests: 3,
	},
	{
		name: '502 gateway HTML page that never lifts',
		arrange: async (c) => void (await inject(c, { kind: 'html', status: 502 }, ALWAYS)),
		outcome: 'fail',
		says: [/not JSON/, /HTTP 502/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		name: 'dropped connection once',
		arrange: async (c) => void (await inject(c, { kind: 'drop' }, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: 'dropped connection every time',
		arrange: async (c) => void (await inject(c, { kind: 'drop' }, ALWAYS)),
		outcome: 'fail',
		says: [
			/connection to Bitrix24 failed/,
			/Gave up after 3 retries/,
			/Check the portal address and your network/,
		],
		requests: 4,
	},
	{
		// The slow request is still carried out after the node gave up on it: the retry must be harmless.
		name: 'slow answer past the timeout, once',
		options: { timeoutMs: 1_000 },
		arrange: async (c) => void (await inject(c, { kind: 'delay', ms: 1_500 }, 1)),
		outcome: 'ok',
		requests: 2,
		settleMs: 1_600,
	},
	{
		name: 'slow answer past the timeout, every time',
		options: { timeoutMs: 300 },
		arrange: async (c) => void (await inject(c, { kind: 'delay', ms: 700 }, ALWAYS)),
		outcome: 'fail',
		says: [/did not answer .* in time/, /Gave up after 3 retries/, /raise the Timeout option/],
		requests: 4,
		settleMs: 800,
	},
	{
		name: 'truncated JSON once',
		arrange: async (c) => void (await inject(c, { kind: 'truncated' }, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: 'truncated JSON every time',
		arrange: async (c) => void (await inject(c, { kind: 'truncated' }, ALWAYS)),
		outcome: 'fail',
		says: [/not JSON/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		name: 'empty body once',
		arrange: async (c) => void (await inject(c, { kind: 'empty' }, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: 'empty body every time',
		arrange: async (c) => void (await inject(c, { kind: 'empty' }, ALWAYS)),
		outcome: 'fail',
		says: [/empty answer/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		// The request is held in the sandbox; the token expires while it waits, so it arrives expired.
		name: 'expired_token in the middle of a run (OAuth2)',
		auth: 'oAuth2',
		arrange: async (c) =>
			void (await inject(c, { kind: 'delay', ms: 400 }, 1, { authMode: 'oauth' })),
		during: async (c) => {
			for (let tries = 0; (await restLog(c.sandbox)).length === 0; tries++) {
				if (tries > 200) throw new Error('the node sent no request');
				await sleep(5);
			}
			await c.sandbox.control.expireAccessTokens();
		},
		outcome: 'ok',
		requests: 2,
		check: async (c) => {
			const log = await restLog(c.sandbox);
			expect(log.map((entry) => entry.error ?? '')).toEqual(['expired_token', '']);
			expect((await c.sandbox.control.getTokens()).refreshCount).toBe(1);
			expect((await tokenRequests(c.sandbox)).map((entry) => entry.status)).toEqual([200]);
			expect(c.store.updates).toBe(1);
		},
	},
	{
		name: 'invalid_token that a refresh does not cure (OAuth2)',
		auth: 'oAuth2',
		arrange: async (c) =>
			void (await inject(
				c,
				{
					kind: 'status',
					status: 401,
					body: { error: 'invalid_token', error_description: 'Unable to get application by token' },
				},
				ALWAYS,
				{ authMode: 'oauth' },
			)),
		outcome: 'fail',
		says: [/access token was refused/, /invalid_token/, /Reconnect the Bitrix24 OAuth2 credential/],
		// n8n refreshes once and sends the request again; the engine does not retry auth errors.
		requests: 2,
		check: async (c) => expect((await c.sandbox.control.getTokens()).refreshCount).toBe(1),
	},
	{
		// A real token of an application without the crm scope.
		name: 'insufficient_scope (OAuth2 application without CRM)',
		auth: 'oAuth2',
		arrange: async (c) => {
			const token = await c.sandbox.control.issueToken({ scope: ['user'] });
			const data = c.store.get('bitrix24OAuth2Api') ?? {};
			c.store.update('bitrix24OAuth2Api', { ...data, oauthTokenData: { ...token } });
		},
		outcome: 'fail',
		says: [/lacks the CRM scope/, /insufficient_scope|"crm" scope/, /tick CRM/],
		requests: 1,
	},
	{
		name: 'ACCESS_DENIED on every command',
		arrange: async (c) =>
			void (await inject(
				c,
				{
					kind: 'status',
					status: 403,
					body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' },
				},
				ALWAYS,
				{ method: SETUP[c.operation].method },
			)),
		outcome: 'fail',
		says: [/denied access/, /Give that user permission/],
		requests: 1,
	},
	{
		// A contact that does not exist (Get Fields has none: its answer is faked).
		name: '"Not found" for the first item',
		arrange: async (c) => {
			if (c.operation === 'getFields') {
				await inject(
					c,
					{ kind: 'status', status: 400, body: { error: '', error_description: 'Not found' } },
					1,
					{
						method: SETUP.getFields.method,
					},
				);
			} else {
				c.items[0] = { ...c.items[0], contactId: 99_999 };
			}
		},
		outcome: firstFails,
		says: [/does not exist in Bitrix24/, /Not found/, /Check the ID/],
		requests: 1,
	},
	{
		// In a batch the error lands in those commands' result_error; the others go through.
		name: 'errors on some commands of a batch',
		arrange: async (c) =>
			void (await inject(
				c,
				{
					kind: 'status',
					status: 400,
					body: { error: 'ERROR_CORE', error_description: 'Could not save the binding' },
				},
				batched(c) ? 2 : 1,
				{ method: SETUP[c.operation].method },
			)),
		outcome: (index, c) => (index < (batched(c) ? 2 : 1) ? 'fail' : 'ok'),
		says: [
			/refused crm\.contact\.company\.\S+ \(ERROR_CORE\)/,
			/Could not save the binding/,
			/Check the input of this item/,
		],
		requests: 1,
	},
	{
		// The change goes through, reading it back is refused: the item is done, and says what happened.
		name: 'the read-back after a change refused',
		arrange: async (c) =>
			void (await inject(
				c,
				{
					kind: 'status',
					status: 403,
					body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' },
				},
				ALWAYS,
				{ method: `${PREFIX}.items.get` },
			)),
		// Get has nothing but the read; Get Fields does not read bindings at all.
		outcome: (_index, c) => (c.operation === 'get' ? 'fail' : 'ok'),
		okOutput: (reference, c) =>
			c.operation === 'getFields'
				? reference
				: {
						...reference,
						companies: null,
						readBackError: expect.stringMatching(
							/^The change was made, but reading it back failed: Bitrix24 denied access to contact \d+\. .*Give that user permission/,
						),
					},
		says: [/denied access/, /Give that user permission/],
		requests: 1,
	},
];
