/**
 * The credentials as n8n uses them: the webhook URL in the shapes users paste it (accepted or
 * refused before any request, never echoing the secret), the webhook credential's test (the CRM
 * scope a Get needs, a free-plan portal, a moved one), the OAuth2 credential's test request and
 * REST base, and the node description's contract. All over real HTTP to the sandbox.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { Bitrix24OAuth2Api } from '../../credentials/Bitrix24OAuth2Api.credentials';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { WEBHOOK_URL_SHAPE } from '../../nodes/Bitrix24/transport/webhookUrl';
import { CredentialStore, ensureN8nRuntime } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { everythingVisible, locator, restLog, run, storeFor, useWebhookSuite } from './helpers';

let sandbox: Sandbox;

useWebhookSuite((suiteSandbox) => {
	sandbox = suiteSandbox;
});

const GET_54 = { contactId: locator(54), output: 'perOwner' };

async function getWithWebhookUrl(webhookSecretUrl: string, overrides: IDataObject = {}) {
	const store = await storeFor(sandbox, 'webhook', { webhookSecretUrl, ...overrides });
	return await run({ store, auth: 'webhook', operation: 'get', parameters: GET_54 });
}

describe('the webhook URL', () => {
	const base = () => `${sandbox.baseUrl}/rest/${sandbox.userId}/${sandbox.webhookSecret}`;

	it.each([
		['with a trailing slash', (b: string) => `${b}/`],
		['without a trailing slash', (b: string) => b],
		['with a method name pasted after the secret', (b: string) => `${b}/profile.json`],
		['with a method name without .json', (b: string) => `${b}/crm.contact.company.items.get`],
		['with spaces around it', (b: string) => `  ${b}/ `],
	])('is accepted %s, and requests go to the webhook base', async (_label, shape) => {
		const result = await getWithWebhookUrl(shape(base()));

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.companies).toHaveLength(3);
		const log = await restLog(sandbox);
		expect(log.map((entry) => [entry.path, entry.authMode, entry.status])).toEqual([
			[`/rest/${sandbox.userId}/***/crm.contact.company.items.get.json`, 'webhook', 200],
		]);
	});

	it.each([
		[
			'a path without the user ID',
			(origin: string, secret: string) => `${origin}/rest/${secret}/`,
			/path of a Bitrix24 inbound webhook/,
		],
		[
			'another path',
			(origin: string, secret: string) => `${origin}/api/1/${secret}/`,
			/path of a Bitrix24 inbound webhook/,
		],
		[
			'user ID 0',
			(origin: string, secret: string) => `${origin}/rest/0/${secret}/`,
			/path of a Bitrix24 inbound webhook/,
		],
		[
			'extra path segments',
			(origin: string, secret: string) => `${origin}/rest/1/${secret}/crm/contact/`,
			/path of a Bitrix24 inbound webhook/,
		],
		[
			'a query string',
			(origin: string, secret: string) => `${origin}/rest/1/${secret}/?auth=${secret}`,
			/query string/,
		],
		[
			'a fragment',
			(origin: string, secret: string) => `${origin}/rest/1/${secret}/#${secret}`,
			/query string or fragment/,
		],
		[
			'no scheme',
			(origin: string, secret: string) => `${origin.replace('http://', '')}/rest/1/${secret}/`,
			/not a valid URL|must start with https/,
		],
		[
			'an ftp scheme',
			(origin: string, secret: string) =>
				`${origin.replace('http://', 'ftp://')}/rest/1/${secret}/`,
			/must start with https/,
		],
		[
			'a user name in it',
			(origin: string, secret: string) =>
				`${origin.replace('http://', `http://${secret}@`)}/rest/1/${secret}/`,
			/user name or password/,
		],
	])(
		'is refused with %s, showing the expected shape and never the secret',
		async (_label, shape, problem) => {
			const secret = sandbox.webhookSecret;
			const result = await getWithWebhookUrl(shape(sandbox.baseUrl, secret));

			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(/^Bitrix24 webhook credential: /);
			expect(result.error?.message).toMatch(problem);
			expect(result.error?.message).toContain(WEBHOOK_URL_SHAPE);
			expect(everythingVisible(result)).not.toContain(secret);
			expect(await restLog(sandbox)).toEqual([]);
		},
	);

	it('is refused when empty', async () => {
		const result = await getWithWebhookUrl('');
		expect(result.error?.message).toMatch(/empty/);
		expect(result.error?.message).toContain(WEBHOOK_URL_SHAPE);
	});

	it('over http:// is refused unless "Allow HTTP" is on, and the message says how to fix it', async () => {
		const refused = await getWithWebhookUrl(`${base()}/`, { allowHttp: false });

		expect(refused.error?.message).toMatch(/http:\/\//);
		expect(refused.error?.message).toMatch(/Allow HTTP/);
		expect(refused.error?.message).toContain(WEBHOOK_URL_SHAPE);
		expect(everythingVisible(refused)).not.toContain(sandbox.webhookSecret);
		expect(await restLog(sandbox)).toEqual([]);

		const allowed = await getWithWebhookUrl(`${base()}/`, { allowHttp: true });
		expect(allowed.error).toBeUndefined();
		expect(await restLog(sandbox)).toHaveLength(1);
	});
});

describe("the webhook credential's test, as n8n runs it (n8n-core's CredentialTestContext)", () => {
	const credential = new Bitrix24WebhookApi();
	const node = new Bitrix24();
	ensureN8nRuntime();

	async function testWebhook(data: IDataObject) {
		const testFunction = node.methods.credentialTest.bitrix24WebhookApiTest;
		return await testFunction.call(new CredentialTestContext(), {
			id: 'c1',
			name: 'Bitrix24',
			type: 'bitrix24WebhookApi',
			data: data as ICredentialDataDecryptedObject,
		});
	}
	const webhookData = (url: string, allowHttp = true) => ({ webhookSecretUrl: url, allowHttp });

	it("is the node's function: the credential has no request test of its own, which n8n would prefer", () => {
		expect((credential as unknown as { test?: unknown }).test).toBeUndefined();
		expect(
			node.description.credentials?.find((entry) => entry.name === 'bitrix24WebhookApi')?.testedBy,
		).toBe('bitrix24WebhookApiTest');
	});

	it("passes, calling Bitrix24's scope method through the webhook with a POST", async () => {
		const result = await testWebhook(webhookData(sandbox.webhookUrl));

		expect(result).toEqual({
			status: 'OK',
			message: 'Connection successful: Bitrix24 accepted the webhook, and it has the CRM scope',
		});
		expect(
			(await restLog(sandbox)).map((entry) => [entry.httpMethod, entry.path, entry.status]),
		).toEqual([['POST', `/rest/${sandbox.userId}/***/scope.json`, 200]]);
	});

	it('fails for a webhook saved without the CRM box, naming the box to tick and never the secret', async () => {
		await sandbox.control.setWebhookScope(['user', 'task']);
		try {
			const result = await testWebhook(webhookData(sandbox.webhookUrl));

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^The webhook lacks the CRM scope/);
			expect(result.message).toContain('(its scopes: user, task)');
			expect(result.message).toContain(
				'Inbound webhook, edit this webhook, tick CRM (crm) under access permissions and save',
			);
			expect(result.message).not.toContain(sandbox.webhookSecret);
			// The first Get would have failed the same way: that is what the test spares the user.
			const get = await run({
				store: await storeFor(sandbox, 'webhook'),
				auth: 'webhook',
				operation: 'get',
				parameters: GET_54,
			});
			expect(get.error?.message).toBe('The credential lacks the CRM scope');
		} finally {
			await sandbox.control.setWebhookScope(['crm', 'user']);
		}
	});

	it('says that a portal on the free plan has no REST API, quoting Bitrix24 and never the secret', async () => {
		await sandbox.control.setPlan('free');
		try {
			const result = await testWebhook(webhookData(sandbox.webhookUrl));

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^This Bitrix24 portal's plan has no REST API/);
			expect(result.message).toContain(
				'ACCESS_DENIED ("REST is available only on commercial plans.")',
			);
			expect(result.message).toMatch(/only on commercial plans and during the demo period/);
			expect(result.message).not.toContain(sandbox.webhookSecret);
		} finally {
			await sandbox.control.setPlan('commercial');
		}
	});

	it('keeps the usual explanation for an ACCESS_DENIED that is not about the plan', async () => {
		await sandbox.control.injectFault({
			match: { method: 'scope' },
			fault: {
				kind: 'status',
				status: 403,
				body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' },
			},
		});
		const result = await testWebhook(webhookData(sandbox.webhookUrl));

		expect(result.status).toBe('Error');
		expect(result.message).not.toMatch(/plan has no REST API/);
		expect(result.message).toMatch(/^Bitrix24 denied access/);
	});

	it("fails for a wrong secret with what Bitrix24's INVALID_CREDENTIALS means, showing neither secret", async () => {
		const wrongSecret = 'notTheSecret1';
		const result = await testWebhook(
			webhookData(`${sandbox.baseUrl}/rest/${sandbox.userId}/${wrongSecret}/`),
		);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Bitrix24 did not accept the webhook secret\. Bitrix24 answered INVALID_CREDENTIALS/,
		);
		expect(result.message).toMatch(/Copy the inbound webhook URL from Bitrix24 again/);
		expect(result.message).not.toContain(wrongSecret);
		expect(result.message).not.toContain(sandbox.webhookSecret);
	});

	it('fails for a malformed URL before any request, without the secret', async () => {
		const result = await testWebhook(
			webhookData(`${sandbox.baseUrl}/rest/${sandbox.webhookSecret}/`),
		);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/path of a Bitrix24 inbound webhook/);
		expect(result.message).not.toContain(sandbox.webhookSecret);
		expect(await restLog(sandbox)).toEqual([]);
	});

	it('says that the portal moved, naming the new address (never the secret) and what to update', async () => {
		const former = await sandbox.openFormerAddress();
		const result = await testWebhook(webhookData(former.webhookUrl));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			`The Bitrix24 portal has moved to ${sandbox.baseUrl} (it answered 302)`,
		);
		expect(result.message).toMatch(/copy the inbound webhook URL from Bitrix24 again/);
		expect(result.message).not.toContain(sandbox.webhookSecret);
		// The POST was not followed as a GET: only the old address saw a request.
		expect(
			(await sandbox.control.getLog()).map((entry) => [
				entry.httpMethod,
				entry.status,
				entry.redirectedTo,
			]),
		).toEqual([['POST', 302, sandbox.baseUrl]]);
	});

	it('says that HTTPS is required and how a self-hosted administrator allows HTTP', async () => {
		const httpsOnly = await startSandbox({ port: 0 });
		try {
			const result = await testWebhook(webhookData(httpsOnly.webhookUrl));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Bitrix24 accepts this webhook only over HTTPS\./);
			expect(result.message).toContain('Https required.');
			expect(result.message).toContain("define('REST_APAUTH_ALLOW_HTTP', true);");
			expect(result.message).not.toContain(httpsOnly.webhookSecret);
		} finally {
			await httpsOnly.close();
		}
	});

	it('refuses a malformed URL in authenticate without showing the secret', async () => {
		const secret = 'someSecretValue42';
		await expect(
			credential.authenticate(
				{ webhookSecretUrl: `https://portal.example.com/rest/${secret}/?x=1` },
				{ url: 'profile.json' },
			),
		).rejects.toThrow(
			/Bitrix24 webhook credential: .*https:\/\/YOUR-PORTAL\.bitrix24\.com\/rest\/USER_ID\/SECRET\//,
		);
		await credential
			.authenticate(
				{ webhookSecretUrl: `https://portal.example.com/rest/${secret}/?x=1` },
				{ url: 'profile.json' },
			)
			.catch((error: Error) => expect(error.message).not.toContain(secret));
		const options = await credential.authenticate(
			{ webhookSecretUrl: `https://portal.example.com/rest/7/${secret}` },
			{ url: 'profile.json' },
		);
		expect(options.baseURL).toBe(`https://portal.example.com/rest/7/${secret}/`);
	});
});

describe("the OAuth2 credential's test request, sent as n8n sends it to the sandbox", () => {
	const { test } = new Bitrix24OAuth2Api();
	const rules = (test.rules ?? []) as Array<{
		type: string;
		properties: { key?: string; value: unknown; message: string };
	}>;
	const bodyRule = rules.find((rule) => rule.type === 'responseSuccessBody')!;
	const codeRule = (status: number) =>
		rules.find((rule) => rule.type === 'responseCode' && rule.properties.value === status);

	/** n8n's credential tester reads a body rule with lodash's get on the answer's JSON. */
	const valueAt = (body: unknown, path: string) =>
		path
			.split('.')
			.reduce<unknown>(
				(value, key) =>
					value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
				body,
			);

	async function send(scope: string) {
		const { access_token: token } = await sandbox.control.issueToken({ scope });
		const response = await fetch(`${sandbox.oauth.restUrl}${test.request.url}`, {
			method: test.request.method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(test.request.body),
			redirect: 'manual',
		});
		return { status: response.status, body: (await response.json()) as unknown };
	}

	it('passes for a token with the crm scope: batch answers 200 and no rule matches', async () => {
		const answer = await send('crm');
		expect(answer.status).toBe(200);
		expect(valueAt(answer.body, bodyRule.properties.key!)).toBeUndefined();
	});

	it('fails for a token without it, with the message that names the CRM box', async () => {
		const answer = await send('user');
		expect(answer.status).toBe(200);
		expect(valueAt(answer.body, bodyRule.properties.key!)).toBe(bodyRule.properties.value);
		expect(bodyRule.properties.message).toMatch(
			/Local application, edit this application, tick CRM \(crm\).*reconnect this credential/,
		);
	});

	it('fails on a free-plan portal with a status whose message names the free plan', async () => {
		await sandbox.control.setPlan('free');
		try {
			const answer = await send('crm');
			expect(answer.body).toEqual(expect.objectContaining({ error: 'ACCESS_DENIED' }));
			expect(codeRule(answer.status)?.properties.message).toMatch(
				/free plan: Bitrix24 offers its REST API, and so this node, only on commercial plans/,
			);
		} finally {
			await sandbox.control.setPlan('commercial');
		}
	});
});

describe('the OAuth2 credential', () => {
	it('sends REST calls to the client_endpoint of the token, whatever the Portal URL says', async () => {
		const store = await storeFor(sandbox, 'oAuth2', { portalUrl: 'https://elsewhere.invalid' });
		await sandbox.control.clearLog();

		const result = await run({ store, auth: 'oAuth2', operation: 'get', parameters: GET_54 });

		expect(result.error).toBeUndefined();
		expect((await restLog(sandbox)).map((entry) => [entry.path, entry.authMode])).toEqual([
			['/rest/crm.contact.company.items.get.json', 'oauth'],
		]);
	});

	it('falls back to PORTAL/rest/ when the token names no client_endpoint', async () => {
		const store = await storeFor(sandbox, 'oAuth2', { portalUrl: `${sandbox.baseUrl}/` });
		const data = store.get('bitrix24OAuth2Api')!;
		const tokens = { ...(data.oauthTokenData as IDataObject) };
		delete tokens.client_endpoint;
		store.update('bitrix24OAuth2Api', { ...data, oauthTokenData: tokens });
		await sandbox.control.clearLog();

		const result = await run({ store, auth: 'oAuth2', operation: 'get', parameters: GET_54 });

		expect(result.error).toBeUndefined();
		expect((await restLog(sandbox)).map((entry) => entry.path)).toEqual([
			'/rest/crm.contact.company.items.get.json',
		]);
	});

	it('is refused before any request when neither gives a usable URL', async () => {
		const store = await storeFor(sandbox, 'oAuth2', { portalUrl: 'not a url' });
		const data = store.get('bitrix24OAuth2Api')!;
		store.update('bitrix24OAuth2Api', {
			...data,
			oauthTokenData: { ...(data.oauthTokenData as IDataObject), client_endpoint: '' },
		});
		await sandbox.control.clearLog();

		const result = await run({ store, auth: 'oAuth2', operation: 'get', parameters: GET_54 });

		expect(result.error?.message).toMatch(/Portal URL is not a valid URL/);
		expect(await restLog(sandbox)).toEqual([]);
	});
});

describe('the node description', () => {
	const { description } = new Bitrix24();

	it('is usable as an AI agent tool', () => {
		expect(description.usableAsTool).toBe(true);
	});

	it('keeps the saved-workflow contract: type, credentials, authentication values', () => {
		expect(description.name).toBe('bitrix24');
		expect(description.credentials?.map((credential) => credential.name)).toEqual([
			'bitrix24WebhookApi',
			'bitrix24OAuth2Api',
		]);
		const authentication = description.properties.find(
			(property) => property.name === 'authentication',
		);
		expect(authentication?.options?.map((option) => (option as { value?: unknown }).value)).toEqual(
			['webhook', 'oAuth2'],
		);
	});

	it('runs without a stored credential only to fail with a clear error', async () => {
		const result = await run({
			store: new CredentialStore(),
			auth: 'webhook',
			operation: 'get',
			parameters: GET_54,
		});
		expect(result.error).toBeDefined();
		expect(await restLog(sandbox)).toEqual([]);
	});
});
