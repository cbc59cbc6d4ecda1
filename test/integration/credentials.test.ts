/**
 * The credentials as n8n uses them: the webhook URL in the shapes users paste it (accepted or
 * refused before any request, never echoing the secret), the webhook credential's test request,
 * the OAuth2 REST base, and the node description's contract.
 */
import type { IDataObject } from 'n8n-workflow';

import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { WEBHOOK_URL_SHAPE } from '../../nodes/Bitrix24/transport/webhookUrl';
import { CredentialStore, HttpProbe, runNode } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { everythingVisible, locator, restLog, run, storeFor } from './helpers';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
	await sandbox.control.reset();
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
		['a path without the user ID', (origin: string, secret: string) => `${origin}/rest/${secret}/`, /path of a Bitrix24 inbound webhook/],
		['another path', (origin: string, secret: string) => `${origin}/api/1/${secret}/`, /path of a Bitrix24 inbound webhook/],
		['user ID 0', (origin: string, secret: string) => `${origin}/rest/0/${secret}/`, /path of a Bitrix24 inbound webhook/],
		['extra path segments', (origin: string, secret: string) => `${origin}/rest/1/${secret}/crm/contact/`, /path of a Bitrix24 inbound webhook/],
		['a query string', (origin: string, secret: string) => `${origin}/rest/1/${secret}/?auth=${secret}`, /query string/],
		['a fragment', (origin: string, secret: string) => `${origin}/rest/1/${secret}/#${secret}`, /query string or fragment/],
		['no scheme', (origin: string, secret: string) => `${origin.replace('http://', '')}/rest/1/${secret}/`, /not a valid URL|must start with https/],
		['an ftp scheme', (origin: string, secret: string) => `${origin.replace('http://', 'ftp://')}/rest/1/${secret}/`, /must start with https/],
		['a user name in it', (origin: string, secret: string) => `${origin.replace('http://', `http://${secret}@`)}/rest/1/${secret}/`, /user name or password/],
	])('is refused with %s, showing the expected shape and never the secret', async (_label, shape, problem) => {
		const secret = sandbox.webhookSecret;
		const result = await getWithWebhookUrl(shape(sandbox.baseUrl, secret));

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^Bitrix24 webhook credential: /);
		expect(result.error?.message).toMatch(problem);
		expect(result.error?.message).toContain(WEBHOOK_URL_SHAPE);
		expect(everythingVisible(result)).not.toContain(secret);
		expect(await restLog(sandbox)).toEqual([]);
	});

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

describe("the webhook credential's test request", () => {
	const credential = new Bitrix24WebhookApi();
	const probe = new HttpProbe();

	it('is a POST to profile.json that the credential sends to the webhook base, and the sandbox answers it', async () => {
		expect(credential.test.request).toMatchObject({ method: 'POST', url: 'profile.json' });
		const store = await storeFor(sandbox, 'webhook', { webhookSecretUrl: `${sandbox.baseUrl}/rest/${sandbox.userId}/${sandbox.webhookSecret}/profile.json` });

		const result = await runNode({
			node: probe,
			parameters: { authentication: 'webhook', url: credential.test.request.url ?? '' },
			credentials: store,
			items: [{}],
		});

		expect(result.error).toBeUndefined();
		expect((result.items[0].json.result as IDataObject).ID).toBe(String(sandbox.userId));
		expect((await restLog(sandbox)).map((entry) => [entry.path, entry.method, entry.status])).toEqual([
			[`/rest/${sandbox.userId}/***/profile.json`, 'profile', 200],
		]);
	});

	it('fails for a wrong secret with the 401 of the portal', async () => {
		const store = await storeFor(sandbox, 'webhook', { webhookSecretUrl: `${sandbox.baseUrl}/rest/${sandbox.userId}/notTheSecret1/` });

		const result = await runNode({
			node: probe,
			parameters: { authentication: 'webhook', url: credential.test.request.url ?? '' },
			credentials: store,
			items: [{}],
		});

		expect(result.error).toMatchObject({ httpCode: '401' });
		// n8n-core tries a 401 once more after authenticating again; both are refused.
		const log = await restLog(sandbox);
		expect(log.length).toBeGreaterThanOrEqual(1);
		expect(log.every((entry) => entry.method === 'profile' && entry.error === 'NO_AUTH_FOUND')).toBe(true);
	});

	it('refuses a malformed URL in authenticate without showing the secret', async () => {
		const secret = 'someSecretValue42';
		await expect(
			credential.authenticate({ webhookSecretUrl: `https://portal.example.com/rest/${secret}/?x=1` }, { url: 'profile.json' }),
		).rejects.toThrow(/Bitrix24 webhook credential: .*https:\/\/YOUR-PORTAL\.bitrix24\.com\/rest\/USER_ID\/SECRET\//);
		await credential
			.authenticate({ webhookSecretUrl: `https://portal.example.com/rest/${secret}/?x=1` }, { url: 'profile.json' })
			.catch((error: Error) => expect(error.message).not.toContain(secret));
		const options = await credential.authenticate({ webhookSecretUrl: `https://portal.example.com/rest/7/${secret}` }, { url: 'profile.json' });
		expect(options.baseURL).toBe(`https://portal.example.com/rest/7/${secret}/`);
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
		expect((await restLog(sandbox)).map((entry) => entry.path)).toEqual(['/rest/crm.contact.company.items.get.json']);
	});

	it('is refused before any request when neither gives a usable URL', async () => {
		const store = await storeFor(sandbox, 'oAuth2', { portalUrl: 'not a url' });
		const data = store.get('bitrix24OAuth2Api')!;
		store.update('bitrix24OAuth2Api', { ...data, oauthTokenData: { ...(data.oauthTokenData as IDataObject), client_endpoint: '' } });
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
		expect(description.credentials?.map((credential) => credential.name)).toEqual(['bitrix24WebhookApi', 'bitrix24OAuth2Api']);
		const authentication = description.properties.find((property) => property.name === 'authentication');
		expect(authentication?.options?.map((option) => (option as { value?: unknown }).value)).toEqual(['webhook', 'oAuth2']);
	});

	it('runs without a stored credential only to fail with a clear error', async () => {
		const result = await run({ store: new CredentialStore(), auth: 'webhook', operation: 'get', parameters: GET_54 });
		expect(result.error).toBeDefined();
		expect(await restLog(sandbox)).toEqual([]);
	});
});
