/**
 * Limits. Sources: b24restdocs limits.md (leaky bucket, 503 QUERY_LIMIT_EXCEEDED; operating time,
 * 429 OPERATION_TIME_LIMIT, `operating`, `operating_reset_at`; a batch is one request for the
 * bucket, its commands count for operating time), settings/performance/index.md (one-minute
 * baskets), and the methods' example answers (server time).
 */
import { portalProfile } from './profiles';
import { startSandbox } from './server';
import { call, hook, sleep, useSandbox } from './test-helpers';

/** Node's timers may fire a millisecond before `Date.now()` shows the whole delay (CI saw 0.299 s
 * for three 100 ms sleeps), so a sleep's measured length is allowed a few ms less than asked. */
const TIMER_SLACK_S = 0.005;

describe('sandbox: request-rate limit (leaky bucket)', () => {
	const sandbox = useSandbox();

	test('defaults: burst 50, drain 2/s (b24restdocs limits.md "All other plans")', async () => {
		const state = await sandbox().control.getState();
		expect(state.limits.rate).toMatchObject({ enabled: true, burst: 50, drainPerSec: 2 });
	});

	test('past the burst → 503 QUERY_LIMIT_EXCEEDED "Too many requests"; recovers as it drains (b24restdocs limits.md)', async () => {
		const sb = sandbox();
		// Slow enough that a busy machine sending the 8 requests over a few hundred ms drains less than one.
		await sb.control.setLimits({ rate: { burst: 5, drainPerSec: 2 } });
		const replies = await Promise.all(Array.from({ length: 8 }, () => hook(sb, 'profile')));
		expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
		const refused = replies.filter((r) => r.status === 503);
		expect(refused.length).toBeGreaterThanOrEqual(2);
		expect(refused[0].body).toEqual({
			error: 'QUERY_LIMIT_EXCEEDED',
			error_description: 'Too many requests',
		});
		await sleep(600);
		expect((await hook(sb, 'profile')).status).toBe(200);
	});

	test('a batch is one request for the bucket (b24restdocs settings/how-to-call-rest-api/batch.md)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ rate: { burst: 2, drainPerSec: 0.01 } });
		const cmd: Record<string, string> = {};
		for (let i = 0; i < 10; i++) cmd[`k${i}`] = 'profile';
		const r = await hook(sb, 'batch', { cmd });
		expect(r.status).toBe(200);
		expect(Object.keys(r.body.result.result)).toHaveLength(10);
		expect((await hook(sb, 'profile')).status).toBe(200);
		expect((await hook(sb, 'profile')).status).toBe(503);
	});

	test('the limit can be switched off; the control API is never limited (test/sandbox/README.md "What it serves")', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ rate: { enabled: false, burst: 1 } });
		for (let i = 0; i < 5; i++) expect((await hook(sb, 'profile')).status).toBe(200);
		await sb.control.setLimits({ rate: { enabled: true, burst: 1, drainPerSec: 0.01 } });
		expect((await hook(sb, 'profile')).status).toBe(200);
		expect((await hook(sb, 'profile')).status).toBe(503);
		for (let i = 0; i < 3; i++) await sb.control.getState();
	});

	test('failed auth does not fill the bucket (README: auth is checked first)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ rate: { burst: 1, drainPerSec: 0.01 } });
		for (let i = 0; i < 3; i++)
			expect((await call(`${sb.baseUrl}/rest/1/bad/profile`)).status).toBe(401);
		expect((await hook(sb, 'profile')).status).toBe(200);
	});
});

describe('sandbox: operating-time limit', () => {
	const sandbox = useSandbox();
	/** Every call takes (and is charged) `ms`, unless `byMethod` names its method. */
	const serverTime = (defaultMs: number, byMethod: Record<string, number> = {}) => ({
		enabled: true,
		defaultMs,
		byMethod,
	});

	test('off by default: no operating fields in time (b24restdocs data-types.md#time: the fields vary by environment)', async () => {
		const r = await hook(sandbox(), 'profile');
		expect(r.body.time.operating).toBeUndefined();
		expect(r.body.time.operating_reset_at).toBeUndefined();
	});

	test("time.operating accumulates per method; operating_reset_at is the oldest basket's first call plus the window, in whole seconds (settings/performance/index.md)", async () => {
		const sb = sandbox();
		await sb.control.setLimits({
			operating: { enabled: true, limitMs: 10_000, windowMs: 600_000 },
			serverTime: serverTime(250),
		});
		const before = Date.now() / 1000;
		const first = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		const second = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(first.body.time.operating).toBeCloseTo(0.25);
		expect(second.body.time.operating).toBeCloseTo(0.5);
		// The first call was charged when it finished, 250 ms after it began.
		expect(second.body.time.operating_reset_at).toBe(first.body.time.operating_reset_at);
		expect(Number.isInteger(second.body.time.operating_reset_at)).toBe(true);
		expect(second.body.time.operating_reset_at).toBeGreaterThanOrEqual(Math.floor(before + 600));
		expect(second.body.time.operating_reset_at).toBeLessThanOrEqual(Math.ceil(before + 602));
		const other = await hook(sb, 'profile');
		expect(other.body.time.operating).toBeCloseTo(0.25);
	});

	test('a basket drops out one window after its first call; the later baskets stay (settings/performance/index.md)', async () => {
		const sb = sandbox();
		// Baskets of 100 ms in a 1 s window.
		await sb.control.setLimits({
			operating: { enabled: true, limitMs: 10_000, windowMs: 1_000 },
			serverTime: serverTime(20),
		});
		await hook(sb, 'profile');
		await sleep(400);
		const later = await hook(sb, 'profile');
		expect(later.body.time.operating).toBeCloseTo(0.04);
		await sleep(Math.max(0, later.body.time.operating_reset_at * 1000 - Date.now()) + 50);
		const after = await hook(sb, 'profile');
		expect(after.body.time.operating).toBeCloseTo(0.04);
	});

	test('the call that passes the limit finishes; the next is refused with 429 OPERATION_TIME_LIMIT, for that method only, until baskets drop out (limits.md)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({
			operating: { enabled: true, limitMs: 300, windowMs: 400 },
			serverTime: serverTime(200),
		});
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
		const blocked = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(blocked.status).toBe(429);
		expect(blocked.body).toEqual({
			error: 'OPERATION_TIME_LIMIT',
			error_description: 'Method is blocked due to operation time limit.',
		});
		expect((await hook(sb, 'profile')).status).toBe(200);
		await sleep(450);
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
	});

	test('server time per method is really spent before the answer, and is what gets charged (limits.md: `operating` is execution time)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({
			operating: { enabled: true },
			serverTime: serverTime(10, { 'crm.contact.company.items.set': 600 }),
		});
		const r = await hook(sb, 'crm.contact.company.items.set', {
			id: 82,
			items: [{ COMPANY_ID: 8 }],
		});
		expect(r.body.time.operating).toBeCloseTo(0.6);
		expect(r.body.time.processing).toBeGreaterThanOrEqual(0.6 - TIMER_SLACK_S);
		expect((await hook(sb, 'profile')).body.time.operating).toBeCloseTo(0.01);
	});

	test("the docs' times are the defaults of a cloud portal (api-reference/crm/contacts/company/*.md example answers)", async () => {
		const sb = await startSandbox({ port: 0, allowHttpWebhooks: true, ...portalProfile('cloud') });
		try {
			const state = await sb.control.getState();
			expect(state.limits.operating).toMatchObject({
				enabled: true,
				limitMs: 480_000,
				windowMs: 600_000,
				buckets: 10,
			});
			expect(state.limits.serverTime.byMethod).toMatchObject({
				'crm.contact.company.items.get': 191.5,
				'crm.contact.company.items.set': 423.1,
				'crm.contact.company.add': 130.3,
			});
			const r = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
			expect(r.body.time.operating).toBeCloseTo(0.1915);
			expect(r.body.time.processing).toBeGreaterThanOrEqual(0.19 - TIMER_SLACK_S);
		} finally {
			await sb.close();
		}
	});

	test('batch sub-calls count for their own methods, one after another; a blocked one gives OPERATION_TIME_LIMIT in result_error; the outer batch is not charged (limits.md)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({
			operating: { enabled: true, limitMs: 150, windowMs: 60_000 },
			serverTime: serverTime(100),
		});
		const r = await hook(sb, 'batch', {
			halt: 0,
			cmd: {
				a: 'crm.contact.company.items.get?id=54',
				b: 'crm.contact.company.items.get?id=54',
				c: 'crm.contact.company.items.get?id=54',
				p: 'profile',
			},
		});
		expect(r.status).toBe(200);
		expect(Object.keys(r.body.result.result)).toEqual(['a', 'b', 'p']);
		expect(r.body.result.result_error.c.error).toBe('OPERATION_TIME_LIMIT');
		expect(r.body.result.result_time.b.operating).toBeCloseTo(0.2);
		expect(r.body.result.result_time.b.operating_reset_at).toBeGreaterThan(Date.now() / 1000);
		expect(r.body.time.operating).toBeUndefined();
		// a, b and p ran one after another; the refused c took no time.
		expect(r.body.time.processing).toBeGreaterThanOrEqual(0.3 - TIMER_SLACK_S);
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(429);
	});

	test('webhooks and apps have separate budgets (limits.md: "separately for an application or a webhook")', async () => {
		const sb = sandbox();
		await sb.control.setLimits({
			operating: { enabled: true, limitMs: 50, windowMs: 60_000 },
			serverTime: serverTime(100),
		});
		await hook(sb, 'profile');
		expect((await hook(sb, 'profile')).status).toBe(429);
		const { access_token: token } = await sb.control.issueToken();
		expect((await call(`${sb.oauth.restUrl}profile`, { json: { auth: token } })).status).toBe(200);
	});
});
