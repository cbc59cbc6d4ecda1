import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ExternalSecretsProxy } from 'n8n-core';
import type { IDataObject, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox/server';
import {
	CredentialStore,
	HarnessCredentialsHelper,
	HttpProbe,
	NodeTypes,
	bitrix24CredentialTypes,
	logCapture,
	oauth2Credentials,
	runNode,
	webhookCredentials,
} from './index';

interface Recorded {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	status: number;
}

/**
 * A pass-through to the sandbox that records what went over the wire (headers and raw bodies),
 * which the sandbox's own request log does not keep.
 */
async function startRecorder(
	target: string,
): Promise<{ url: string; requests: Recorded[]; server: Server }> {
	const requests: Recorded[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const upstream = request(
				`${target}${req.url}`,
				{ method: req.method, headers: { ...req.headers, host: new URL(target).host } },
				(answer) => {
					requests.push({
						method: req.method ?? '',
						path: req.url ?? '',
						headers: req.headers,
						body: body.toString(),
						status: answer.statusCode ?? 0,
					});
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const probe = new HttpProbe();

let sandbox: Sandbox;
let recorder: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true });
	recorder = await startRecorder(sandbox.baseUrl);
});

afterAll(async () => {
	recorder.server.closeAllConnections();
	await new Promise((resolve) => recorder.server.close(resolve));
	await sandbox.close();
});

beforeEach(async () => {
	await sandbox.control.reset();
	await sandbox.control.clearLog();
	recorder.requests.length = 0;
});

/** OAuth2 data connected to the sandbox, with REST and token calls routed through the recorder. */
async function recordedOAuth2Store(): Promise<CredentialStore> {
	const data = await oauth2Credentials(sandbox, { customTokenUrl: `${recorder.url}/oauth/token/` });
	return new CredentialStore().set('bitrix24OAuth2Api', data);
}

const oauthParameters = () => ({
	authentication: 'oAuth2',
	url: `${recorder.url}/rest/profile.json`,
});

const tokenRequests = () => recorder.requests.filter((r) => r.path.startsWith('/oauth/token/'));
const restRequests = () => recorder.requests.filter((r) => r.path.startsWith('/rest/'));

describe('webhook credential', () => {
	it('sends the request to the webhook base URL the credential sets', async () => {
		const webhookPath = `/rest/${sandbox.userId}/${sandbox.webhookSecret}/`;
		const store = new CredentialStore().set(
			'bitrix24WebhookApi',
			webhookCredentials({ webhookUrl: `${recorder.url}${webhookPath}` }),
		);

		const run = await runNode({
			node: probe,
			parameters: { authentication: 'webhook', url: 'profile.json' },
			credentials: store,
			items: [{ hello: 'world' }],
		});

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect((run.items[0].json.result as IDataObject).ID).toBeDefined();
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(recorder.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `${webhookPath}profile.json`, '{"hello":"world"}'],
		]);
	});
});

describe('credentials helper', () => {
	it('fills in the OAuth2 type defaults and resolves the $self expressions', async () => {
		const store = new CredentialStore().set('bitrix24OAuth2Api', {
			portalUrl: 'https://portal.example.com/',
			authorizationServer: 'custom',
			customTokenUrl: 'https://tokens.example.com/oauth/token/',
			clientId: 'id',
			clientSecret: 'secret',
			authUrl: 'https://stale.example.com/',
		});
		const helper = new HarnessCredentialsHelper(
			store,
			bitrix24CredentialTypes(),
			new NodeTypes([]),
		);
		const row = store.row('bitrix24OAuth2Api')!;
		const additionalData = {
			variables: {},
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			externalSecretsProxy: new ExternalSecretsProxy(),
		} as unknown as IWorkflowExecuteAdditionalData;

		const data = await helper.getDecrypted(additionalData, row, 'bitrix24OAuth2Api', 'manual');

		expect(data).toMatchObject({
			grantType: 'authorizationCode',
			authUrl: 'https://portal.example.com/oauth/authorize/',
			accessTokenUrl: 'https://tokens.example.com/oauth/token/',
			authentication: 'body',
			scope: 'crm',
		});
		// `doNotInherit` on the base type: a child has no expired-status field, so n8n-core uses 401.
		expect(data).not.toHaveProperty('tokenExpiredStatusCode');
		expect(helper.getParentTypes('bitrix24OAuth2Api')).toEqual(['oAuth2Api']);
		expect(helper.getParentTypes('bitrix24WebhookApi')).toEqual([]);
	});
});

describe('OAuth2 credential', () => {
	it('signs with the Bearer token, refreshes once on expired_token, retries and stores the rotated token', async () => {
		const store = await recordedOAuth2Store();
		const connected = store.get('bitrix24OAuth2Api')!.oauthTokenData as IDataObject;
		expect(connected.access_token).toEqual(expect.any(String));
		expect(connected.refresh_token).toEqual(expect.any(String));

		const first = await runNode({
			node: probe,
			parameters: oauthParameters(),
			credentials: store,
			items: [{}],
		});
		expect(first.error).toBeUndefined();
		expect(restRequests()[0].headers.authorization).toBe(`Bearer ${connected.access_token}`);
		expect(tokenRequests()).toHaveLength(0);

		await sandbox.control.expireAccessTokens();
		recorder.requests.length = 0;
		const second = await runNode({
			node: probe,
			parameters: oauthParameters(),
			credentials: store,
			items: [{}],
		});

		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(1);
		expect(restRequests().map((r) => r.status)).toEqual([401, 200]);
		const [refresh] = tokenRequests();
		expect(tokenRequests()).toHaveLength(1);
		expect(refresh.method).toBe('POST');
		expect(refresh.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(refresh.body))).toMatchObject({
			grant_type: 'refresh_token',
			refresh_token: connected.refresh_token,
			client_id: sandbox.oauth.clientId,
			client_secret: sandbox.oauth.clientSecret,
		});

		const stored = store.get('bitrix24OAuth2Api')!.oauthTokenData as IDataObject;
		expect(store.updates).toBe(1);
		expect(stored.refresh_token).not.toBe(connected.refresh_token);
		expect(restRequests()[1].headers.authorization).toBe(`Bearer ${stored.access_token}`);
		expect(stored.n8n_expires_at).toEqual(expect.any(String));
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		expect(second.logs.map((line) => line.message)).toEqual(
			expect.arrayContaining([expect.stringContaining('expired. Revalidating.')]),
		);
	});

	it('refreshes once when concurrent executions hit the expiry together', async () => {
		const store = await recordedOAuth2Store();
		await sandbox.control.expireAccessTokens();

		const runs = await Promise.all(
			[1, 2, 3, 4].map(async () =>
				runNode({
					node: probe,
					parameters: oauthParameters(),
					credentials: store,
					items: [{}, {}],
				}),
			),
		);

		for (const run of runs) {
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(2);
		}
		// More than one execution met the expired token, yet only one of them refreshed it.
		expect(restRequests().filter((r) => r.status === 401).length).toBeGreaterThan(1);
		expect(tokenRequests()).toHaveLength(1);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		expect(store.updates).toBe(1);
	});
});

describe('errors', () => {
	const badWebhook = () =>
		new CredentialStore().set(
			'bitrix24WebhookApi',
			webhookCredentials(sandbox, {
				webhookSecretUrl: `${sandbox.baseUrl}/rest/${sandbox.userId}/wrongsecret/`,
			}),
		);

	it('fails the execution with the node error', async () => {
		const run = await runNode({
			node: probe,
			parameters: { authentication: 'webhook', url: 'profile.json' },
			credentials: badWebhook(),
			items: [{}],
		});

		expect(run.items).toEqual([]);
		expect(run.error?.message).toBeDefined();
		expect(run.error).toMatchObject({ httpCode: '401' });
	});

	it('turns every failed item into an error item with continueOnFail', async () => {
		const run = await runNode({
			node: probe,
			parameters: { authentication: 'webhook', url: 'profile.json' },
			credentials: badWebhook(),
			items: [{ a: 1 }, { a: 2 }],
			continueOnFail: true,
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => [typeof item.json.error, item.pairedItem])).toEqual([
			['string', { item: 0 }],
			['string', { item: 1 }],
		]);
	});
});

describe('log capture', () => {
	it("keeps each run's node log lines apart, and all of them globally", async () => {
		const store = new CredentialStore().set('bitrix24WebhookApi', webhookCredentials(sandbox));
		const run = (items: IDataObject[]) =>
			runNode({
				node: probe,
				parameters: { authentication: 'webhook', url: 'profile.json' },
				credentials: store,
				items,
			});
		logCapture.clear();

		const [one, three] = await Promise.all([run([{}]), run([{}, {}, {}])]);

		const probeLines = (logs: typeof one.logs) =>
			logs.filter((line) => line.message.startsWith('probe:'));
		expect(probeLines(one.logs)).toEqual([
			{ level: 'info', message: 'probe: sending item 0', meta: { itemIndex: 0 } },
		]);
		expect(probeLines(three.logs).map((line) => line.message)).toEqual([
			'probe: sending item 0',
			'probe: sending item 1',
			'probe: sending item 2',
		]);
		expect(probeLines(logCapture.entries)).toHaveLength(4);
	});
});
