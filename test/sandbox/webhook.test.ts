/** Webhook calls and routing. Sources: b24restdocs local-integrations/local-webhooks.md (webhook URL format), _includes/system-errors.md, [server] Rest\OAuth\Auth (auth errors), api-reference/data-types.md, [server] CRestServer::processResponse (envelope). */
import { call, hook, useSandbox } from './test-helpers';

describe('sandbox: inbound webhook', () => {
	const sandbox = useSandbox();

	test('POST /rest/USER/SECRET/method with and without .json (b24restdocs local-integrations/local-webhooks.md: ".json can be omitted")', async () => {
		const sb = sandbox();
		for (const suffix of ['', '.json']) {
			const r = await call(`${sb.webhookUrl}crm.contact.company.items.get${suffix}`, {
				json: { id: 54 },
			});
			expect(r.status).toBe(200);
			expect(r.body.result).toHaveLength(3);
		}
	});

	test('GET with query parameters and a trailing slash after the method (b24restdocs local-integrations/local-webhooks.md: phpsdk appends /{method}/)', async () => {
		const sb = sandbox();
		const r = await call(`${sb.webhookUrl}crm.contact.company.items.get/?id=54`);
		expect(r.status).toBe(200);
		expect(r.body.result[0]).toEqual({ COMPANY_ID: 7, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' });
	});

	test('method names are case-insensitive (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch: the server looks methods up lower-cased)', async () => {
		const r = await hook(sandbox(), 'CRM.Contact.Company.Items.Get', { id: 54 });
		expect(r.status).toBe(200);
	});

	test('success carries the time envelope (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse; crm-contact-company-items-get.md response example)', async () => {
		const r = await hook(sandbox(), 'crm.contact.company.items.get', { id: 54 });
		const t = r.body.time;
		for (const key of ['start', 'finish', 'duration', 'processing'])
			expect(typeof t[key]).toBe('number');
		expect(t.finish).toBeGreaterThanOrEqual(t.start);
		expect(t.date_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
		expect(t.date_finish).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
		expect(r.headers.get('content-type')).toMatch(/application\/json/);
	});

	test('wrong secret → 401 INVALID_CREDENTIALS "Invalid request credentials" ([server] Bitrix\\Rest\\APAuth\\Auth::check)', async () => {
		const sb = sandbox();
		const r = await call(`${sb.baseUrl}/rest/${sb.userId}/wrongsecret/profile`, { json: {} });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({
			error: 'INVALID_CREDENTIALS',
			error_description: 'Invalid request credentials',
		});
	});

	test('wrong user id with the right secret → 401 INVALID_CREDENTIALS ([server] APAuth\\Auth::check looks the secret up for that user)', async () => {
		const sb = sandbox();
		const r = await call(`${sb.baseUrl}/rest/${sb.userId + 1}/${sb.webhookSecret}/profile`);
		expect(r.status).toBe(401);
		expect(r.body.error).toBe('INVALID_CREDENTIALS');
	});

	test('unknown method → 404 ERROR_METHOD_NOT_FOUND "Method not found!" (b24restdocs _includes/system-errors.md, [server] Rest\OAuth\Auth)', async () => {
		const r = await hook(sandbox(), 'crm.contact.company.nothing', {});
		expect(r.status).toBe(404);
		expect(r.body).toEqual({
			error: 'ERROR_METHOD_NOT_FOUND',
			error_description: 'Method not found!',
		});
	});

	test('profile returns the webhook user (b24restdocs local-integrations/local-webhooks.md: calls run as the webhook creator)', async () => {
		const sb = sandbox();
		const r = await hook(sb, 'profile');
		expect(r.status).toBe(200);
		expect(r.body.result).toMatchObject({
			ID: String(sb.userId),
			ADMIN: true,
			NAME: 'Sandbox',
			LAST_NAME: 'Admin',
		});
	});

	test('a webhook without the crm scope → 403 insufficient_scope; profile still works (b24restdocs local-integrations/local-webhooks.md, _includes/system-errors.md, [server] Rest\OAuth\Auth)', async () => {
		const sb = sandbox();
		const other = await sb.control.createWebhook({ scope: ['user'], userId: 7 });
		const denied = await call(`${other.url}crm.contact.company.items.get`, { json: { id: 54 } });
		expect(denied.status).toBe(403);
		expect(denied.body.error).toBe('insufficient_scope');
		const me = await call(`${other.url}profile`);
		expect(me.status).toBe(200);
		expect(me.body.result.ID).toBe('7');
	});

	test('HEAD, unknown paths and other HTTP methods → 404 JSON (sandbox choice, README)', async () => {
		const sb = sandbox();
		const unknown = await call(`${sb.baseUrl}/nothing/here`);
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ error: 'NOT_FOUND', error_description: 'Not found' });
		expect((await call(`${sb.webhookUrl}profile`, { method: 'HEAD' })).status).toBe(404);
		expect((await call(`${sb.webhookUrl}profile`, { method: 'PUT', body: '' })).status).toBe(404);
	});

	test('the control API is not reachable through /rest/ (test/sandbox/README.md "Control API": kept apart from the REST paths)', async () => {
		const sb = sandbox();
		const viaWebhook = await call(`${sb.webhookUrl}_sandbox/reset`, { json: {} });
		expect(viaWebhook.status).toBe(404);
		const asMethod = await hook(sb, '_sandbox.reset', {});
		expect(asMethod.body.error).toBe('ERROR_METHOD_NOT_FOUND');
	});
});
