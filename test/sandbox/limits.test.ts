/**
 * Limits. Sources: research/bitrix24-api.md §4.1 (leaky bucket, 503 QUERY_LIMIT_EXCEEDED,
 * EN-docs limits.md), §4.2 (operating time, 429 OPERATION_TIME_LIMIT, `operating`,
 * `operating_reset_at`), §4.3 (a batch is one request for the bucket, sub-calls count for operating).
 */
import { call, hook, sleep, useSandbox } from './test-helpers';

describe('sandbox: request-rate limit (leaky bucket)', () => {
	const sandbox = useSandbox();

	test('defaults: burst 50, drain 2/s (research §4.1 "All other plans")', async () => {
		const state = await sandbox().control.getState();
		expect(state.limits.rate).toMatchObject({ enabled: true, burst: 50, drainPerSec: 2 });
	});

	test('past the burst → 503 QUERY_LIMIT_EXCEEDED "Too many requests"; recovers as it drains (research §4.1)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ rate: { burst: 5, drainPerSec: 20 } });
		const replies = await Promise.all(Array.from({ length: 8 }, () => hook(sb, 'profile')));
		expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
		const refused = replies.filter((r) => r.status === 503);
		expect(refused.length).toBeGreaterThanOrEqual(2);
		expect(refused[0].body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
		await sleep(120);
		expect((await hook(sb, 'profile')).status).toBe(200);
	});

	test('a batch is one request for the bucket (research §4.3)', async () => {
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

	test('the limit can be switched off; the control API is never limited (brief §6)', async () => {
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
		for (let i = 0; i < 3; i++) expect((await call(`${sb.baseUrl}/rest/1/bad/profile`)).status).toBe(401);
		expect((await hook(sb, 'profile')).status).toBe(200);
	});
});

describe('sandbox: operating-time limit', () => {
	const sandbox = useSandbox();

	test('off by default: no operating fields in time (research §7: fields other than start/finish/duration are optional)', async () => {
		const r = await hook(sandbox(), 'profile');
		expect(r.body.time.operating).toBeUndefined();
		expect(r.body.time.operating_reset_at).toBeUndefined();
	});

	test('time.operating accumulates per method; operating_reset_at is when the oldest charge leaves the window (research §4.2)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ operating: { enabled: true, limitMs: 10_000, windowMs: 60_000, costMs: 250 } });
		const before = Date.now() / 1000;
		const first = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		const second = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(first.body.time.operating).toBeCloseTo(0.25);
		expect(second.body.time.operating).toBeCloseTo(0.5);
		expect(second.body.time.operating_reset_at).toBeGreaterThanOrEqual(Math.floor(before + 60));
		expect(second.body.time.operating_reset_at).toBeLessThanOrEqual(Math.ceil(before + 62));
		const other = await hook(sb, 'profile');
		expect(other.body.time.operating).toBeCloseTo(0.25);
	});

	test('over the limit → 429 OPERATION_TIME_LIMIT for that method only; works again after the window (research §4.2)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ operating: { enabled: true, limitMs: 300, windowMs: 400, costMs: 200 } });
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
		const blocked = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(blocked.status).toBe(429);
		expect(blocked.body).toEqual({ error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' });
		expect((await hook(sb, 'profile')).status).toBe(200);
		await sleep(450);
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
	});

	test('cost per method (brief §6: costMsByMethod)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ operating: { enabled: true, costMs: 10, costMsByMethod: { 'crm.contact.company.items.set': 1000 } } });
		const r = await hook(sb, 'crm.contact.company.items.set', { id: 82, items: [{ COMPANY_ID: 8 }] });
		expect(r.body.time.operating).toBeCloseTo(1);
		expect((await hook(sb, 'profile')).body.time.operating).toBeCloseTo(0.01);
	});

	test('batch sub-calls count for their own methods; a blocked one gives OPERATION_TIME_LIMIT in result_error (research §4.2, §4.3, §5.2)', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ operating: { enabled: true, limitMs: 150, windowMs: 60_000, costMs: 100 } });
		const r = await hook(sb, 'batch', {
			halt: 0,
			cmd: { a: 'crm.contact.company.items.get?id=54', b: 'crm.contact.company.items.get?id=54', c: 'crm.contact.company.items.get?id=54', p: 'profile' },
		});
		expect(r.status).toBe(200);
		expect(Object.keys(r.body.result.result)).toEqual(['a', 'b', 'p']);
		expect(r.body.result.result_error.c.error).toBe('OPERATION_TIME_LIMIT');
		expect(r.body.result.result_time.b.operating).toBeCloseTo(0.2);
		expect(r.body.time.operating).toBeUndefined();
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(429);
	});

	test('webhooks and apps have separate budgets (research §4.2: "for the application or webhook")', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ operating: { enabled: true, limitMs: 50, windowMs: 60_000, costMs: 100 } });
		await hook(sb, 'profile');
		expect((await hook(sb, 'profile')).status).toBe(429);
		const { access_token: token } = await sb.control.issueToken();
		expect((await call(`${sb.oauth.restUrl}profile`, { json: { auth: token } })).status).toBe(200);
	});
});
