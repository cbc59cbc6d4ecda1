/**
 * What a credential test can learn before a Get fails: the `scope` method
 * (b24restdocs api-reference/common/system/scope.md), a webhook whose CRM box is unticked
 * (_includes/system-errors.md insufficient_scope, directly and inside batch.md's `result_error`),
 * and a portal on the free plan, which has no REST API at all ([server] APAuth\Auth and
 * OAuth\Auth::onRestCheckAuth, ACCESS_DENIED; access-to-rest-api.md).
 */
import { PORTAL_SCOPES } from './methods/scope';
import { call, hook, useSandbox } from './test-helpers';

const restUrl = (base: string, method: string) => `${base}/rest/${method}`;

describe('sandbox: the scope method (b24restdocs api-reference/common/system/scope.md)', () => {
	const sandbox = useSandbox();

	test("answers the webhook's own scopes, without basic", async () => {
		const r = await hook(sandbox(), 'scope');
		expect(r.status).toBe(200);
		expect(r.body.result).toEqual(['crm', 'user']);
		expect(r.body.time).toEqual(expect.objectContaining({ start: expect.any(Number) }));
	});

	test("answers a token's scopes", async () => {
		const sb = sandbox();
		const { access_token: token } = await sb.control.issueToken({ scope: 'user' });
		const r = await call(restUrl(sb.baseUrl, 'scope.json'), { json: { auth: token } });
		expect(r.body.result).toEqual(['user']);
	});

	test('full=true answers every scope of the portal, whatever the caller holds', async () => {
		const sb = sandbox();
		const hookInfo = await sb.control.createWebhook({ scope: 'user' });
		const r = await call(`${hookInfo.url}scope.json`, { json: { full: true } });
		expect(r.body.result).toEqual(PORTAL_SCOPES);
	});

	test('JSON false and form 0 give the own list; the form string "false" gives the full one (PHP cast)', async () => {
		const sb = sandbox();
		expect((await hook(sb, 'scope', { full: false })).body.result).toEqual(['crm', 'user']);
		const form = (body: string) => call(`${sb.webhookUrl}scope`, { form: body });
		expect((await form('full=0')).body.result).toEqual(['crm', 'user']);
		expect((await form('full=false')).body.result).toEqual(PORTAL_SCOPES);
	});
});

describe('sandbox: a webhook without the CRM scope (control API POST /_sandbox/webhooks/scope)', () => {
	const sandbox = useSandbox();

	test('unticking CRM keeps the URL and refuses a CRM method with 403 insufficient_scope (b24restdocs _includes/system-errors.md, [server] APAuth\\Auth::check)', async () => {
		const sb = sandbox();
		expect(await sb.control.setWebhookScope(['user'])).toEqual({ userId: 1, scope: ['user'] });

		expect((await hook(sb, 'scope')).body.result).toEqual(['user']);
		const r = await hook(sb, 'crm.contact.company.items.get', { id: 54 });
		expect(r.status).toBe(403);
		expect(r.body).toEqual({
			error: 'insufficient_scope',
			error_description:
				'The request requires higher privileges than provided by the webhook token',
		});
		// profile and scope are basic methods: the webhook itself still works.
		expect((await hook(sb, 'profile')).status).toBe(200);
	});

	test("inside batch the command's result_error carries the code with an empty description (settings/how-to-call-rest-api/batch.md)", async () => {
		const sb = sandbox();
		await sb.control.setWebhookScope('user');
		const r = await hook(sb, 'batch', {
			halt: 0,
			cmd: { crm: 'crm.contact.company.fields', who: 'profile' },
		});
		expect(r.status).toBe(200);
		expect(r.body.result.result_error).toEqual({
			crm: { error: 'insufficient_scope', error_description: '' },
		});
		expect(r.body.result.result.who).toEqual(expect.objectContaining({ ID: '1' }));
	});

	test('ticking CRM again makes the same URL work; a reset restores the start scopes', async () => {
		const sb = sandbox();
		await sb.control.setWebhookScope('user');
		await sb.control.setWebhookScope('crm,user');
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 54 })).status).toBe(200);
		await sb.control.setWebhookScope('user');
		await sb.control.reset();
		expect((await hook(sb, 'scope')).body.result).toEqual(['crm', 'user']);
	});

	test('names another webhook by its secret, and refuses an unknown one or a missing scope', async () => {
		const sb = sandbox();
		const other = await sb.control.createWebhook({ scope: 'crm' });
		await sb.control.setWebhookScope('task', other.secret);
		expect((await call(`${other.url}scope`, { method: 'POST' })).body.result).toEqual(['task']);
		expect((await hook(sb, 'scope')).body.result).toEqual(['crm', 'user']);
		await expect(sb.control.setWebhookScope('crm', 'nosuchsecret')).rejects.toThrow(/404/);
		const missing = await call(`${sb.controlUrl}webhooks/scope`, { json: {} });
		expect(missing.status).toBe(400);
	});
});

describe('sandbox: the start options webhookScope and plan', () => {
	const sandbox = useSandbox({ webhookScope: ['user'], plan: 'free' });

	test('a reset goes back to them', async () => {
		const sb = sandbox();
		await sb.control.setPlan('commercial');
		expect((await hook(sb, 'scope')).body.result).toEqual(['user']);
		await sb.control.reset();
		expect((await sb.control.getState()).plan).toBe('free');
		expect((await hook(sb, 'scope')).status).toBe(401);
	});
});

describe('sandbox: a portal on the free plan (control API POST /_sandbox/plan)', () => {
	const sandbox = useSandbox();
	const refused = {
		error: 'ACCESS_DENIED',
		error_description: 'REST is available only on commercial plans.',
	};

	test('refuses every webhook call, basic methods and batch included, with 401 ACCESS_DENIED ([server] APAuth\\Auth::onRestCheckAuth)', async () => {
		const sb = sandbox();
		expect(await sb.control.setPlan('free')).toEqual({ plan: 'free' });
		for (const method of ['scope', 'profile', 'crm.contact.company.items.get', 'batch']) {
			const r = await hook(sb, method, { id: 54, cmd: { a: 'profile' } });
			expect([method, r.status, r.body]).toEqual([method, 401, refused]);
		}
		// Refused at the door: the request bucket is not charged.
		expect((await sb.control.getState()).limits.rate.level).toBe(0);
	});

	test('refuses OAuth calls too ([server] OAuth\\Auth::onRestCheckAuth), but a wrong secret is still INVALID_CREDENTIALS', async () => {
		const sb = sandbox();
		const { access_token: token } = await sb.control.issueToken();
		await sb.control.setPlan('free');
		const r = await call(restUrl(sb.baseUrl, 'profile'), { json: { auth: token } });
		expect([r.status, r.body]).toEqual([401, refused]);
		const wrong = await call(`${sb.baseUrl}/rest/1/wrongsecret/profile`, { method: 'POST' });
		expect(wrong.body.error).toBe('INVALID_CREDENTIALS');
	});

	test('a commercial plan again serves the calls; a reset restores the start plan', async () => {
		const sb = sandbox();
		await sb.control.setPlan('free');
		await sb.control.setPlan('commercial');
		expect((await hook(sb, 'profile')).status).toBe(200);
		await sb.control.setPlan('free');
		await sb.control.reset();
		expect((await sb.control.getState()).plan).toBe('commercial');
		await expect(
			call(`${sb.controlUrl}plan`, { json: { plan: 'trial' } }).then((reply) => reply.status),
		).resolves.toBe(400);
	});
});
