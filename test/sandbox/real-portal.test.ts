/**
 * What real portals do at the edges, each with its source: a portal that changed its address,
 * webhooks over plain HTTP, the documented field titles and error wording, and scope errors
 * inside a batch.
 */
import { type Sandbox, startSandbox } from './server';
import { call, hook, useSandbox } from './test-helpers';

describe('sandbox: a portal that changed its address (settings/how-to-call-rest-api/change-domen.md)', () => {
	const sandbox = useSandbox();

	test('the old address answers 302 with a Location on the new one, path and query kept, for POST as for GET', async () => {
		const sb = sandbox();
		const former = await sb.openFormerAddress();
		for (const method of ['POST', 'GET'] as const) {
			const r = await call(`${former.webhookUrl}crm.contact.company.items.get.json?id=54`, {
				method,
				...(method === 'POST' ? { json: { id: 54 } } : {}),
			});
			expect(r.status).toBe(302);
			expect(r.headers.get('location')).toBe(
				`${sb.webhookUrl}crm.contact.company.items.get.json?id=54`,
			);
		}
		// The new address serves the call as usual.
		expect(
			(await call(`${sb.webhookUrl}crm.contact.company.items.get.json`, { json: { id: 54 } })).body
				.result,
		).toHaveLength(3);
	});

	test('a 301 can be asked for ("status 301 or 302"); OAuth REST paths move too', async () => {
		const sb = sandbox();
		const former = await sb.openFormerAddress({ status: 301 });
		const r = await call(`${former.restUrl}profile.json`, { json: {} });
		expect(r.status).toBe(301);
		expect(r.headers.get('location')).toBe(`${sb.oauth.restUrl}profile.json`);
	});

	test('the log shows the redirected request without the webhook secret', async () => {
		const sb = sandbox();
		const former = await sb.openFormerAddress();
		await call(`${former.webhookUrl}profile.json`, { json: {} });
		const [entry] = await sb.control.getLog();
		expect(entry).toMatchObject({
			method: 'profile',
			authMode: 'webhook',
			status: 302,
			redirectedTo: sb.baseUrl,
		});
		expect(entry.path).toBe(`/rest/${sb.userId}/***/profile.json`);
	});

	test('a client that follows the 302 as a GET loses the POST body: the method reports a missing parameter', async () => {
		const sb = sandbox();
		const former = await sb.openFormerAddress();
		const r = await call(`${former.webhookUrl}crm.contact.company.items.get.json`, {
			json: { id: 54 },
			redirect: 'follow',
		});
		expect(r.status).toBe(400);
		expect(r.body.error_description).toBe('The parameter ownerEntityID is invalid or not defined.');
	});
});

describe('sandbox: webhooks over plain HTTP ([server] Bitrix\\Rest\\APAuth\\Auth::onRestCheckAuth)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
	});
	afterAll(async () => await sb.close());

	test('without REST_APAUTH_ALLOW_HTTP every webhook call gets 401 INVALID_REQUEST "Https required.", before the secret is checked', async () => {
		for (const url of [
			`${sb.webhookUrl}profile`,
			`${sb.baseUrl}/rest/${sb.userId}/wrongsecret/profile`,
		]) {
			const r = await call(url, { json: {} });
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ error: 'INVALID_REQUEST', error_description: 'Https required.' });
		}
	});

	test('OAuth calls are not affected (the check belongs to the webhook authenticator)', async () => {
		const token = await sb.control.issueToken();
		const r = await call(`${sb.oauth.restUrl}profile`, { json: { auth: token.access_token } });
		expect(r.status).toBe(200);
	});

	test('a self-hosted portal that defines REST_APAUTH_ALLOW_HTTP serves them (option allowHttpWebhooks)', async () => {
		const selfHosted = await startSandbox({ port: 0, allowHttpWebhooks: true });
		try {
			expect((await call(`${selfHosted.webhookUrl}profile`, { json: {} })).status).toBe(200);
		} finally {
			await selfHosted.close();
		}
	});
});

describe('sandbox: wording of the docs', () => {
	const sandbox = useSandbox();

	test('crm.contact.company.fields: the titles and order of crm-contact-company-fields.md', async () => {
		const r = await hook(sandbox(), 'crm.contact.company.fields');
		expect(Object.keys(r.body.result)).toEqual(['SORT', 'IS_PRIMARY', 'COMPANY_ID']);
		expect(
			Object.fromEntries(
				Object.entries(r.body.result).map(([key, info]) => [
					key,
					(info as { title: string }).title,
				]),
			),
		).toEqual({
			SORT: 'Sorting',
			IS_PRIMARY: 'Primary',
			COMPANY_ID: 'Company',
		});
		expect(r.body.result.COMPANY_ID.isRequired).toBe(true);
	});

	test("add and delete quote 'ownerEntityID' (crm-contact-company-add.md, -delete.md error examples)", async () => {
		for (const method of ['crm.contact.company.add', 'crm.contact.company.delete']) {
			const r = await hook(sandbox(), method, { id: -1, fields: { COMPANY_ID: 8 } });
			expect(r.status).toBe(400);
			expect(r.body).toEqual({
				error: '',
				error_description: "The parameter 'ownerEntityID' is invalid or not defined.",
			});
		}
	});

	test('insufficient_scope inside a batch has an empty error_description (batch.md "Error Example")', async () => {
		const sb = sandbox();
		const noCrm = await sb.control.createWebhook({ scope: 'user' });
		const r = await call(`${noCrm.url}batch`, {
			json: { halt: 0, cmd: { a: 'crm.contact.company.items.get?id=54' } },
		});
		expect(r.status).toBe(200);
		expect(r.body.result.result_error).toEqual({
			a: { error: 'insufficient_scope', error_description: '' },
		});
		// Outside a batch the text stays (b24restdocs _includes/system-errors.md, [server] Rest\OAuth\Auth).
		const direct = await call(`${noCrm.url}crm.contact.company.items.get`, { json: { id: 54 } });
		expect(direct.body).toEqual({
			error: 'insufficient_scope',
			error_description:
				'The request requires higher privileges than provided by the webhook token',
		});
	});
});

describe('sandbox: refresh tokens last 180 days (settings/oauth/auto-renewal.md)', () => {
	const sandbox = useSandbox();

	const refresh = (sb: Sandbox, refreshToken: string) =>
		call(sb.oauth.tokenUrl, {
			form: new URLSearchParams({
				grant_type: 'refresh_token',
				client_id: sb.oauth.clientId,
				client_secret: sb.oauth.clientSecret,
				refresh_token: refreshToken,
			}).toString(),
		});

	test('the default lifetime is 180 days', async () => {
		const settings = await sandbox().control.setOAuth({});
		expect(settings.refreshTokenLifetimeSec).toBe(180 * 24 * 3600);
	});

	test('a refresh token past its lifetime is refused with 400 invalid_grant; a fresh one works', async () => {
		const sb = sandbox();
		await sb.control.setOAuth({ refreshTokenLifetimeSec: 0 });
		const stale = await sb.control.issueToken();
		const refused = await refresh(sb, stale.refresh_token);
		expect(refused.status).toBe(400);
		expect(refused.body.error).toBe('invalid_grant');

		await sb.control.setOAuth({ refreshTokenLifetimeSec: 180 * 24 * 3600 });
		const fresh = await sb.control.issueToken();
		expect((await refresh(sb, fresh.refresh_token)).status).toBe(200);
	});
});
