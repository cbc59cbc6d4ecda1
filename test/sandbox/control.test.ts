/**
 * The control API and the request log (test/sandbox/README.md "Control API": reset and seed state,
 * set limits, inject faults, read the request log; kept apart from the REST paths). Demo data
 * follows b24restdocs api-reference/crm/contacts/company/crm-contact-company-items-get.md (contact 54) and
 * crm-contact-company-items-set.md (contact 82, companies 8–10).
 */
import { call, hook, useSandbox } from './test-helpers';

describe('sandbox: control API', () => {
	const sandbox = useSandbox();

	test('demo seed: companies 7–20, contact 54 bound as in the items.get example, 82 unbound (crm-contact-company-items-get.md)', async () => {
		const state = await sandbox().control.getState();
		expect(state.companies.map((c) => c.ID)).toEqual([
			7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
		]);
		expect(state.companies[0].TITLE).toBe('Alpha LLC');
		expect(state.contacts.find((c) => c.ID === 54)).toMatchObject({
			NAME: 'Ivan',
			LAST_NAME: 'Petrov',
			COMPANY_ID: 7,
		});
		expect(state.bindings['54']).toEqual([
			{ COMPANY_ID: 7, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' },
			{ COMPANY_ID: 8, SORT: 110, ROLE_ID: 0, IS_PRIMARY: 'N' },
			{ COMPANY_ID: 9, SORT: 120, ROLE_ID: 0, IS_PRIMARY: 'N' },
		]);
		expect(state.bindings['82']).toBeUndefined();
		expect(state.contacts.length).toBeGreaterThanOrEqual(12);
	});

	test('reset restores data, and reset with seed empty leaves nothing', async () => {
		const sb = sandbox();
		await hook(sb, 'crm.contact.company.items.delete', { id: 54 });
		await sb.control.reset();
		expect((await sb.control.getState()).bindings['54']).toHaveLength(3);
		await sb.control.reset('empty');
		const empty = await sb.control.getState();
		expect(empty.contacts).toEqual([]);
		expect(empty.companies).toEqual([]);
		expect(
			(await hook(sb, 'crm.contact.company.items.get', { id: 54 })).body.error_description,
		).toBe('Not found');
	});

	test('reset also restores limits, faults, log and tokens', async () => {
		const sb = sandbox();
		await sb.control.setLimits({ rate: { burst: 1 }, operating: { enabled: true } });
		await sb.control.injectFault({ fault: { kind: 'empty' } });
		const { access_token: token } = await sb.control.issueToken();
		await sb.control.reset();
		const state = await sb.control.getState();
		expect(state.limits.rate.burst).toBe(50);
		expect(state.limits.operating.enabled).toBe(false);
		expect((await sb.control.listFaults()).faults).toEqual([]);
		expect(await sb.control.getLog()).toEqual([]);
		expect((await call(`${sb.oauth.restUrl}profile`, { json: { auth: token } })).body.error).toBe(
			'invalid_token',
		);
	});

	test('seed adds records with given or next ids and normalizes bindings like items.set (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding)', async () => {
		const sb = sandbox();
		await sb.control.reset('empty');
		const created = await sb.control.seed({
			companies: [{ ID: 100, TITLE: 'Hundred' }, { TITLE: 'Next' }],
			contacts: [
				{ NAME: 'A', LAST_NAME: 'B' },
				{ ID: 500, NAME: 'C' },
			],
			bindings: { 1: [{ COMPANY_ID: 100 }, { COMPANY_ID: 101, IS_PRIMARY: 'Y', SORT: 5 }] },
		});
		expect(created).toEqual({ companies: [100, 101], contacts: [1, 500] });
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 1 })).body.result).toEqual([
			{ COMPANY_ID: 101, SORT: 5, ROLE_ID: 0, IS_PRIMARY: 'Y' },
			{ COMPANY_ID: 100, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
		]);
		const bad = await call(`${sb.controlUrl}seed`, { json: { bindings: { 999: [] } } });
		expect(bad.status).toBe(400);
	});

	test('setLimits answers the current limits; unknown control paths → 404', async () => {
		const sb = sandbox();
		const limits = await sb.control.setLimits({ rate: { burst: 7 }, operating: { limitMs: 1000 } });
		expect(limits.rate).toMatchObject({ enabled: true, burst: 7, drainPerSec: 2, level: 0 });
		expect(limits.operating).toMatchObject({ enabled: false, limitMs: 1000 });
		const missing = await call(`${sb.controlUrl}nothing`);
		expect(missing.status).toBe(404);
		const notJson = await call(`${sb.controlUrl}limits`, {
			body: '{',
			headers: { 'content-type': 'application/json' },
		});
		expect(notJson.status).toBe(400);
	});

	test('GET /_sandbox/ describes the instance', async () => {
		const sb = sandbox();
		const r = await call(sb.controlUrl);
		expect(r.body).toMatchObject({
			baseUrl: sb.baseUrl,
			webhookUrl: sb.webhookUrl,
			oauth: { clientId: sb.oauth.clientId, tokenUrl: sb.oauth.tokenUrl },
		});
	});

	test('tokens snapshot lists current tokens and expiry', async () => {
		const sb = sandbox();
		const issued = await sb.control.issueToken({ lifetimeSec: 60 });
		let snapshot = await sb.control.getTokens();
		expect(snapshot.accessTokens).toEqual([
			expect.objectContaining({ token: issued.access_token, expired: false, scope: ['crm'] }),
		]);
		await sb.control.expireAccessTokens();
		snapshot = await sb.control.getTokens();
		expect(snapshot.accessTokens[0].expired).toBe(true);
	});
});

describe('sandbox: request log', () => {
	const sandbox = useSandbox();

	test('entries carry seq, method, authMode, decoded params, status and error code', async () => {
		const sb = sandbox();
		await call(`${sb.webhookUrl}crm.contact.company.items.set.json`, {
			form: 'id=82&items[0][COMPANY_ID]=8',
		});
		await hook(sb, 'crm.contact.company.items.get', { id: 0 });
		const log = await sb.control.getLog();
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({
			seq: 1,
			httpMethod: 'POST',
			method: 'crm.contact.company.items.set',
			authMode: 'webhook',
			params: { id: '82', items: [{ COMPANY_ID: '8' }] },
			status: 200,
		});
		expect(log[0].error).toBeUndefined();
		expect(log[1]).toMatchObject({ seq: 2, status: 400, error: '' });
		expect(typeof log[0].at).toBe('string');
	});

	test('the webhook secret and tokens are masked as *** (README "Credentials": the secret never appears in a log line)', async () => {
		const sb = sandbox();
		const { access_token: token } = await sb.control.issueToken();
		await hook(sb, 'profile');
		await call(`${sb.oauth.restUrl}profile?auth=${token}`);
		await call(`${sb.oauth.restUrl}profile`, { json: { auth: token } });
		await call(
			`${sb.oauth.tokenUrl}?grant_type=refresh_token&client_id=x&client_secret=supersecret&refresh_token=rt123`,
		);
		const log = await sb.control.getLog();
		const text = JSON.stringify(log);
		expect(text).not.toContain(sb.webhookSecret);
		expect(text).not.toContain(token);
		expect(text).not.toContain('supersecret');
		expect(text).not.toContain('rt123');
		expect(log[0].path).toBe(`/rest/${sb.userId}/***/profile`);
		expect(log[1].path).toBe('/rest/profile?auth=***');
		expect(log[1].authMode).toBe('oauth');
		expect(log[3]).toMatchObject({
			method: null,
			authMode: 'none',
			status: 401,
			error: 'invalid_client',
		});
	});

	test('batch entries list their sub-calls', async () => {
		const sb = sandbox();
		await hook(sb, 'batch', { cmd: { a: 'crm.contact.company.items.get?id=54', b: 'nope' } });
		const [entry] = await sb.control.getLog();
		expect(entry.method).toBe('batch');
		expect(entry.subCalls).toEqual([
			{ key: 'a', method: 'crm.contact.company.items.get', params: { id: '54' } },
			{ key: 'b', method: 'nope', params: {}, error: 'ERROR_METHOD_NOT_FOUND' },
		]);
	});

	test('control calls are not logged; clearLog empties the log', async () => {
		const sb = sandbox();
		await sb.control.getState();
		await hook(sb, 'profile');
		expect(await sb.control.getLog()).toHaveLength(1);
		await sb.control.clearLog();
		expect(await sb.control.getLog()).toEqual([]);
	});
});
