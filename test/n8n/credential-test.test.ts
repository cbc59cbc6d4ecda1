/**
 * The node types a real n8n serves to its editor, and the credential tests n8n runs when a user saves a credential ("Connection tested successfully"),
 * through n8n's own REST endpoint: both credentials call `profile` on the portal, a wrong webhook
 * secret fails without showing the secret, the OAuth2 test signs with the stored token, and both
 * say so when the portal has moved. The OAuth2 form, as n8n serves it, says where each field comes from.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { SETUP_TIMEOUT_MS, setUpN8n, type E2eN8n } from './e2e-fixture';
import type { N8nServer } from './n8n-server';
import { PROJECT_DIR } from './runtime';

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

it('passes for the webhook credential, calling profile through the webhook', async () => {
	await n8n.sandbox.control.clearLog();
	const result = await testCredential('bitrix24WebhookApi', credentialData('bitrix24WebhookApi'));
	expect(result.status).toBe('OK');
	const calls = (await n8n.sandbox.control.getLog()).filter((entry) => entry.method === 'profile');
	expect(calls.map((entry) => [entry.authMode, entry.status])).toContainEqual(['webhook', 200]);
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

it('passes for the OAuth2 credential, calling profile with the stored token', async () => {
	await n8n.sandbox.control.clearLog();
	const result = await testCredential('bitrix24OAuth2Api', credentialData('bitrix24OAuth2Api'));
	expect(result.status).toBe('OK');
	const calls = (await n8n.sandbox.control.getLog()).filter((entry) => entry.method === 'profile');
	expect(calls.map((entry) => [entry.authMode, entry.status])).toContainEqual(['oauth', 200]);
}, 60_000);

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

	it("links to this package's OAuth2 setup steps", async () => {
		const type = await servedOAuth2Type();
		expect(type.documentationUrl).toBe(homepage.replace(/#readme$/, '#oauth2-bitrix24-oauth2-api'));
	}, 60_000);
});
