/**
 * Injected faults (test/sandbox/README.md "Faults": faults for the next N calls). The
 * shapes they imitate: b24restdocs _includes/system-errors.md, [server] CRestServer::processException/api-reference/data-types.md, [server] CRestServer::processResponse (error bodies on any status), settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch
 * (sub-call errors in result_error), b24jssdk packages/jssdk/src/core/http/limiters/ (what clients must survive: 5xx, network errors).
 */
import type { Sandbox } from './server';
import { call, hook, useSandbox } from './test-helpers';

/** A `status` fault on the next `count` calls of one method. */
const statusFault = (
	sb: Sandbox,
	method: string,
	count: number,
	status: number,
	body: { error: string; error_description: string },
) => sb.control.injectFault({ match: { method }, count, fault: { kind: 'status', status, body } });

describe('sandbox: faults', () => {
	const sandbox = useSandbox();

	test('status: the given status and JSON body, for exactly `count` matching calls (b24restdocs _includes/system-errors.md, [server] CRestServer::processException error shape)', async () => {
		const sb = sandbox();
		await statusFault(sb, 'crm.contact.company.items.get', 2, 500, {
			error: 'INTERNAL_SERVER_ERROR',
			error_description: 'boom',
		});
		expect((await hook(sb, 'profile')).status).toBe(200);
		for (let i = 0; i < 2; i++) {
			const r = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
			expect(r.status).toBe(500);
			expect(r.body).toEqual({ error: 'INTERNAL_SERVER_ERROR', error_description: 'boom' });
		}
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
		expect((await sb.control.listFaults()).faults).toEqual([]);
	});

	test('status with a string body and headers (e.g. a 503 with Retry-After)', async () => {
		const sb = sandbox();
		await sb.control.injectFault({
			fault: { kind: 'status', status: 503, body: 'busy', headers: { 'retry-after': '1' } },
		});
		const r = await hook(sb, 'profile');
		expect(r.status).toBe(503);
		expect(r.text).toBe('busy');
		expect(r.headers.get('retry-after')).toBe('1');
	});

	test('html: a gateway error page instead of JSON (default 502)', async () => {
		const sb = sandbox();
		await sb.control.injectFault({ fault: { kind: 'html' } });
		const r = await hook(sb, 'profile');
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/text\/html/);
		expect(r.text).toContain('502 Bad Gateway');
	});

	test('truncated: HTTP 200 whose JSON is cut off', async () => {
		const sb = sandbox();
		await sb.control.injectFault({ fault: { kind: 'truncated' } });
		const r = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(r.status).toBe(200);
		expect(r.text.length).toBeGreaterThan(0);
		expect(() => JSON.parse(r.text)).toThrow();
	});

	test('empty: the given status with no body', async () => {
		const sb = sandbox();
		await sb.control.injectFault({ fault: { kind: 'empty', status: 504 } });
		const r = await hook(sb, 'profile');
		expect(r.status).toBe(504);
		expect(r.text).toBe('');
	});

	test('drop: the connection is destroyed, the client sees a network error; the next call works', async () => {
		const sb = sandbox();
		await sb.control.injectFault({ fault: { kind: 'drop' } });
		await expect(hook(sb, 'profile')).rejects.toThrow();
		expect((await hook(sb, 'profile')).status).toBe(200);
	});

	test('delay: answers normally after the delay', async () => {
		const sb = sandbox();
		await sb.control.injectFault({ fault: { kind: 'delay', ms: 300 } });
		const started = Date.now();
		const r = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(r.status).toBe(200);
		expect(r.body.result).toHaveLength(3);
	});

	test('faults replace the answer without running the method (README)', async () => {
		const sb = sandbox();
		await sb.control.injectFault({
			match: { method: 'crm.contact.company.items.delete' },
			fault: { kind: 'status', status: 500, body: {} },
		});
		await hook(sb, 'crm.contact.company.items.delete', { id: 54 });
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).body.result).toHaveLength(
			3,
		);
	});

	test('match by authMode and by path, e.g. the OAuth token endpoint', async () => {
		const sb = sandbox();
		await sb.control.injectFault({
			match: { authMode: 'oauth' },
			fault: { kind: 'status', status: 502, body: {} },
		});
		expect((await hook(sb, 'profile')).status).toBe(200);
		const { access_token: token } = await sb.control.issueToken();
		expect((await call(`${sb.oauth.restUrl}profile`, { json: { auth: token } })).status).toBe(502);
		await sb.control.injectFault({
			match: { path: '/oauth/token/' },
			fault: { kind: 'html', status: 503 },
		});
		expect((await call(`${sb.oauth.tokenUrl}?grant_type=refresh_token`)).status).toBe(503);
	});

	test("a status fault on a batch sub-call fills that command's result_error only (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)", async () => {
		const sb = sandbox();
		await statusFault(sb, 'crm.contact.company.items.set', 1, 400, {
			error: 'ACCESS_DENIED',
			error_description: 'Access denied!',
		});
		const set = (id: number) => `crm.contact.company.items.set?id=${id}&items[0][COMPANY_ID]=10`;
		const r = await hook(sb, 'batch', { halt: 0, cmd: { a: set(82), b: set(83), c: 'profile' } });
		expect(r.status).toBe(200);
		expect(r.body.result.result_error).toEqual({
			a: { error: 'ACCESS_DENIED', error_description: 'Access denied!' },
		});
		expect(Object.keys(r.body.result.result)).toEqual(['b', 'c']);
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 82 })).body.result).toEqual([]);
		const log = await sb.control.getLog();
		expect(log[0].subCalls?.[0]).toMatchObject({
			key: 'a',
			method: 'crm.contact.company.items.set',
			error: 'ACCESS_DENIED',
		});
	});

	test('an HTTP-level fault matched by a sub-call method replaces the whole batch answer', async () => {
		const sb = sandbox();
		await sb.control.injectFault({
			match: { method: 'crm.contact.company.items.get' },
			fault: { kind: 'html', status: 500 },
		});
		const r = await hook(sb, 'batch', {
			cmd: { x: 'profile', y: 'crm.contact.company.items.get?id=54' },
		});
		expect(r.status).toBe(500);
		expect(r.text).toContain('<html>');
	});

	test('clearFaults removes pending faults; bad fault specs are refused', async () => {
		const sb = sandbox();
		await sb.control.injectFault({ count: 5, fault: { kind: 'empty' } });
		expect((await sb.control.listFaults()).faults).toHaveLength(1);
		await sb.control.clearFaults();
		expect((await hook(sb, 'profile')).status).toBe(200);
		const bad = await call(`${sb.controlUrl}faults`, { json: { fault: { kind: 'explode' } } });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toBe('BAD_REQUEST');
	});
});
