/**
 * The node types a real n8n serves to its editor, and the credential tests n8n runs when a user
 * saves a credential ("Connection tested successfully"), through n8n's own REST endpoint. Both
 * check what a Get will need: the webhook's test asks Bitrix24's `scope` method, the OAuth2 test
 * sends a `batch` with one CRM command under the stored token; each fails naming the CRM box when
 * it is not ticked, names the free plan when the portal has no REST API, never shows a secret,
 * and says so when the portal has moved. The OAuth2 form, as n8n serves it, puts the fields in
 * the order a person fills them in and says where each comes from.
 */
import { readFileSync } from 'fs';
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';
import { join } from 'path';

import { SETUP_TIMEOUT_MS, setUpN8n, type E2eN8n } from './e2e-fixture';
import type { N8nServer } from './n8n-server';
import { N8N_MAJOR, PROJECT_DIR } from './runtime';

let n8n: E2eN8n;
let server: N8nServer;
let cookie: string;

beforeAll(async () => {
	n8n = await setUpN8n();
	({ server, cookie } = await n8n.startServer());
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.close();
});

async function testCredential(
	type: string,
	data: Record<string, unknown>,
): Promise<{ status: string; message: string }> {
	const stored = n8n.credentials.find((entry) => entry.type === type)!;
	const response = await fetch(`${server.url}/rest/credentials/test`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ credentials: { id: stored.id, name: stored.name, type, data } }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

function credentialData(type: string): Record<string, unknown> {
	return { ...n8n.credentials.find((entry) => entry.type === type)!.data };
}

it("passes for the webhook credential, calling Bitrix24's scope method through the webhook", async () => {
	await n8n.sandbox.control.clearLog();
	const result = await testCredential('bitrix24WebhookApi', credentialData('bitrix24WebhookApi'));
	expect(result).toEqual({
		status: 'OK',
		message: 'Connection successful: Bitrix24 accepted the webhook, and it has the CRM scope',
	});
	const calls = (await n8n.sandbox.control.getLog()).filter((entry) => entry.method === 'scope');
	expect(calls.map((entry) => [entry.authMode, entry.status])).toContainEqual(['webhook', 200]);
}, 60_000);

it('fails for a webhook saved without the CRM box, naming the box, never the secret', async () => {
	await n8n.sandbox.control.setWebhookScope('user');
	try {
		const result = await testCredential('bitrix24WebhookApi', credentialData('bitrix24WebhookApi'));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The webhook lacks the CRM scope/);
		expect(result.message).toContain('tick CRM (crm) under access permissions and save');
		expect(result.message).not.toContain(n8n.sandbox.webhookSecret);
	} finally {
		await n8n.sandbox.control.setWebhookScope('crm,user');
	}
}, 60_000);

it('says that a portal on the free plan has no REST API, for either credential', async () => {
	await n8n.sandbox.control.setPlan('free');
	try {
		const webhook = await testCredential(
			'bitrix24WebhookApi',
			credentialData('bitrix24WebhookApi'),
		);
		expect(webhook.status).toBe('Error');
		expect(webhook.message).toMatch(/^This Bitrix24 portal's plan has no REST API/);
		expect(webhook.message).not.toContain(n8n.sandbox.webhookSecret);
		// A refused token's body reaches no rule: its message names the free plan as one cause.
		const oauth2 = await testCredential('bitrix24OAuth2Api', credentialData('bitrix24OAuth2Api'));
		expect(oauth2.status).toBe('Error');
		expect(oauth2.message).toMatch(
			/If the portal is on the free plan: Bitrix24 offers its REST API/,
		);
	} finally {
		await n8n.sandbox.control.setPlan('commercial');
	}
}, 60_000);

it('fails for a wrong webhook secret, without showing either secret', async () => {
	const data = credentialData('bitrix24WebhookApi');
	const wrongSecret = 'wrongsecret0000000001';
	data.webhookSecretUrl = String(data.webhookSecretUrl).replace(
		n8n.sandbox.webhookSecret,
		wrongSecret,
	);
	const result = await testCredential('bitrix24WebhookApi', data);
	expect(result.status).toBe('Error');
	expect(result.message).not.toContain(wrongSecret);
	expect(result.message).not.toContain(n8n.sandbox.webhookSecret);
}, 60_000);

it('passes for the OAuth2 credential, sending a CRM command in a batch with the stored token', async () => {
	await n8n.sandbox.control.clearLog();
	const result = await testCredential('bitrix24OAuth2Api', credentialData('bitrix24OAuth2Api'));
	expect(result.status).toBe('OK');
	const calls = (await n8n.sandbox.control.getLog()).filter((entry) => entry.method === 'batch');
	expect(
		calls.map((entry) => [
			entry.authMode,
			entry.status,
			entry.subCalls?.map((sub) => [sub.method, sub.error]),
		]),
	).toContainEqual(['oauth', 200, [['crm.contact.company.fields', undefined]]]);
}, 60_000);

/**
 * n8n 2.x signs a credential test with the token in the tested data; n8n 1.x with the stored one
 * (its credentials tester gives that data to the request's expressions only), so only 2.x lets
 * the test swap in a token without `crm`.
 */
const itSigningWithTestedData = N8N_MAJOR >= 2 ? it : it.skip;

itSigningWithTestedData(
	"fails for an OAuth2 token without the application's crm scope, naming the box to tick",
	async () => {
		const data = credentialData('bitrix24OAuth2Api');
		const withoutCrm = await n8n.sandbox.control.issueToken({ scope: 'user' });
		data.oauthTokenData = {
			...(data.oauthTokenData as Record<string, unknown>),
			access_token: withoutCrm.access_token,
		};
		const result = await testCredential('bitrix24OAuth2Api', data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The local application lacks the CRM scope/);
		expect(result.message).toContain('tick CRM (crm) under access permissions and save');
		expect(result.message).not.toContain(withoutCrm.access_token);
	},
	60_000,
);

describe('a portal that moved (settings/how-to-call-rest-api/change-domen.md): the old address answers 302', () => {
	it('the webhook test says so, naming the new address and never the secret', async () => {
		const former = await n8n.sandbox.openFormerAddress();
		const data = { ...credentialData('bitrix24WebhookApi'), webhookSecretUrl: former.webhookUrl };
		const result = await testCredential('bitrix24WebhookApi', data);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`The Bitrix24 portal has moved to ${n8n.sandbox.baseUrl}`);
		expect(result.message).toMatch(/copy the inbound webhook URL from Bitrix24 again/);
		expect(result.message).not.toContain(n8n.sandbox.webhookSecret);
	}, 60_000);

	it('the OAuth2 test says so and asks for the new Portal URL and a reconnect', async () => {
		const former = await n8n.sandbox.openFormerAddress();
		const data = credentialData('bitrix24OAuth2Api');
		data.oauthTokenData = {
			...(data.oauthTokenData as Record<string, unknown>),
			client_endpoint: former.restUrl,
		};
		const result = await testCredential('bitrix24OAuth2Api', data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/The Bitrix24 portal has moved to another address/);
		expect(result.message).toMatch(/set the Portal URL to the new address and reconnect/);
	}, 60_000);
});

it('lists the node and its AI tool variant among the node types n8n serves to the editor', async () => {
	const response = await fetch(`${server.url}/types/nodes.json`, { headers: { cookie } });
	expect(response.status).toBe(200);
	const names = ((await response.json()) as Array<{ name: string }>).map((type) => type.name);
	expect(names).toContain('n8n-nodes-bitrix24-contact-companies.bitrix24');
	expect(names).toContain('n8n-nodes-bitrix24-contact-companies.bitrix24Tool');
}, 60_000);

describe('the OAuth2 credential form, as n8n serves it to the editor', () => {
	const { homepage } = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as {
		homepage: string;
	};

	async function servedOAuth2Type(): Promise<{
		documentationUrl: string;
		properties: Array<Record<string, unknown>>;
	}> {
		const response = await fetch(`${server.url}/types/credentials.json`, { headers: { cookie } });
		expect(response.status).toBe(200);
		const types = (await response.json()) as Array<{
			name: string;
			documentationUrl: string;
			properties: Array<Record<string, unknown>>;
		}>;
		return types.find((type) => type.name === 'bitrix24OAuth2Api')!;
	}

	it('says where the client ID and secret come from, and needs a token URL when Custom is chosen', async () => {
		const type = await servedOAuth2Type();
		const property = (name: string) => type.properties.find((entry) => entry.name === name)!;
		expect(property('clientId')).toMatchObject({
			required: true,
			description: expect.stringMatching(/local\.….*Local application/),
		});
		expect(property('clientSecret')).toMatchObject({
			required: true,
			typeOptions: { password: true },
			description: expect.stringMatching(/client_secret/),
		});
		expect(property('customTokenUrl')).toMatchObject({
			required: true,
			displayOptions: { show: { authorizationServer: ['custom'] } },
			description: expect.stringMatching(/e\.g\. http:\/\/127\.0\.0\.1:8024\/oauth\/token\//),
		});
	}, 60_000);

	it('has placeholders that cannot be taken for values: no working address, no real-looking ID', async () => {
		const type = await servedOAuth2Type();
		const placeholder = (name: string) =>
			String(type.properties.find((entry) => entry.name === name)!.placeholder);
		expect(placeholder('customTokenUrl')).toBe('https://YOUR-TOKEN-SERVER/oauth/token/');
		expect(placeholder('customTokenUrl')).not.toContain(n8n.sandbox.oauth.tokenUrl);
		expect(placeholder('portalUrl')).toBe('https://YOUR-PORTAL.bitrix24.com');
		expect(placeholder('clientId')).toMatch(/^local\.X+\.X+$/);
	}, 60_000);

	it("puts its own fields after n8n's in the order a person fills them in, Portal URL first", async () => {
		const response = await fetch(`${server.url}/types/credentials.json`, { headers: { cookie } });
		const types = (await response.json()) as Array<{ name: string; properties: INodeProperties[] }>;
		const byName = (name: string) => types.find((type) => type.name === name)!.properties;
		// What the editor's getCredentialProperties does: oAuth2Api's fields in its order (a field
		// the child overrides stays there), then the child's new ones in the child's order.
		const merged: INodeProperties[] = [];
		NodeHelpers.mergeNodeProperties(merged, byName('oAuth2Api'));
		NodeHelpers.mergeNodeProperties(merged, byName('bitrix24OAuth2Api'));
		const parentNames = new Set(byName('oAuth2Api').map((property) => property.name));
		const own = merged
			.filter((property) => !parentNames.has(property.name) && property.type !== 'hidden')
			.map((property) => property.name);
		expect(own.slice(0, 4)).toEqual([
			'portalUrl',
			'authorizationServer',
			'customTokenUrl',
			'redirectUrlNotice',
		]);
		const names = merged.map((property) => property.name);
		expect(names.indexOf('clientId')).toBeLessThan(names.indexOf('clientSecret'));
		expect(names.indexOf('clientSecret')).toBeLessThan(names.indexOf('portalUrl'));
	}, 60_000);

	it("links to this package's OAuth2 setup steps", async () => {
		const type = await servedOAuth2Type();
		expect(type.documentationUrl).toBe(homepage.replace(/#readme$/, '#oauth2-bitrix24-oauth2-api'));
	}, 60_000);
});
