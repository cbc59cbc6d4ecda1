/**
 * Each documented Bitrix24 error (the error tables of b24restdocs api-reference/crm/contacts/company/, _includes/system-errors.md, [server] Rest\OAuth\Auth), made real in the sandbox
 * or injected, ends as an error that says what to do, keeps the HTTP status (`httpCode`) and never
 * shows the webhook secret or a token: not in the message, the description, the error's JSON, a
 * continue-on-fail error item, nor any log line written during the run.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore, RunNodeResult } from '../harness';
import { logCapture } from '../harness';
import type { Sandbox } from '../sandbox/server';
import type { FaultSpec } from '../sandbox/types';
import {
	type Auth,
	bindingsOf,
	callsOf,
	everythingVisible,
	jsonOf,
	locator,
	pairingOf,
	restLog,
	run,
	storeFor,
	useWebhookSuite,
} from './helpers';

let sandbox: Sandbox;

useWebhookSuite((suiteSandbox) => {
	sandbox = suiteSandbox;
	logCapture.clear();
});

const GET_54 = { contactId: locator(54), output: 'perOwner' };

async function exec(
	store: CredentialStore,
	auth: Auth,
	operation: string,
	parameters: IDataObject,
	items?: IDataObject[],
	continueOnFail = false,
): Promise<RunNodeResult> {
	return await run({ store, auth, operation, parameters, items, continueOnFail });
}

function faultOn(
	method: string,
	status: number,
	error: string,
	description: string,
	count = 1,
): Promise<unknown> {
	const fault: FaultSpec = {
		kind: 'status',
		status,
		body: { error, error_description: description },
	};
	return sandbox.control.injectFault({ match: { method }, count, fault });
}

/** The secrets a credential carries: the webhook secret, or the tokens and client secret. */
function secretsOf(store: CredentialStore, auth: Auth): string[] {
	if (auth === 'webhook') {
		const url = String(store.get('bitrix24WebhookApi')?.webhookSecretUrl);
		return [/\/rest\/\d+\/([^/]+)/.exec(url)![1]];
	}
	const data = store.get('bitrix24OAuth2Api')!;
	const tokens = data.oauthTokenData as IDataObject;
	return [String(tokens.access_token), String(tokens.refresh_token), String(data.clientSecret)];
}

function expectNoSecrets(result: RunNodeResult, secrets: string[]): void {
	const visible =
		everythingVisible(result) +
		logCapture.entries.map((line) => `${line.message} ${JSON.stringify(line.meta)}`).join('\n');
	for (const secret of secrets) {
		expect(secret.length).toBeGreaterThan(5);
		expect(visible).not.toContain(secret);
	}
}

describe.each(['webhook', 'oAuth2'] as const)('with the %s credential', (auth) => {
	let store: CredentialStore;
	beforeEach(async () => {
		store = await storeFor(sandbox, auth);
	});

	it('ACCESS_DENIED (403): says the user lacks the right to edit contacts', async () => {
		await faultOn('crm.contact.company.items.get', 403, 'ACCESS_DENIED', 'Access denied!');
		const result = await exec(store, auth, 'get', GET_54);

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Bitrix24 denied access to contact 54');
		expect(result.error?.description).toMatch(
			/lacks the right for crm\.contact\.company\.items\.get/,
		);
		expect(result.error?.description).toMatch(/permission to read and edit contacts/);
		expect(result.error?.description).toContain('Access denied!');
		expect((result.error as unknown as IDataObject).httpCode).toBe('403');
		expectNoSecrets(result, secretsOf(store, auth));
	});

	it('"Not found" from a change says the contact does not exist, naming it', async () => {
		const result = await exec(store, auth, 'add', {
			contactId: locator(999),
			companyId: locator(8),
			options: { returnBindings: false },
		});

		expect(result.error?.message).toBe('Contact 999 does not exist in Bitrix24');
		expect(result.error?.description).toMatch(/Check the ID/);
		expect((result.error as unknown as IDataObject).httpCode).toBe('400');
		expect((await restLog(sandbox)).map((entry) => [entry.method, entry.status])).toEqual([
			['crm.contact.company.add', 400],
		]);
		expectNoSecrets(result, secretsOf(store, auth));
	});

	it('an unknown method (ERROR_METHOD_NOT_FOUND, 404) says the portal does not know it', async () => {
		await faultOn('crm.contact.company.fields', 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
		const result = await exec(store, auth, 'getFields', {});

		expect(result.error?.message).toBe(
			'Bitrix24 does not know the method crm.contact.company.fields',
		);
		expect(result.error?.description).toMatch(/CRM/);
		expect((result.error as unknown as IDataObject).httpCode).toBe('404');
	});

	it('keeps secrets that Bitrix24 echoes back out of every field, error item and log line', async () => {
		const secrets = secretsOf(store, auth);
		const webhookUrl = String(
			store.get('bitrix24WebhookApi')?.webhookSecretUrl ?? `${sandbox.baseUrl}/rest/1/x/`,
		);
		await faultOn(
			'crm.contact.company.items.get',
			403,
			`ACCESS_DENIED ${secrets[0]}`,
			`Access denied for ${webhookUrl}crm.contact.company.items.get.json?auth=${secrets[0]} (token ${secrets.join(', ')})`,
			2,
		);

		const failed = await exec(store, auth, 'get', GET_54);
		expect(failed.error).toBeDefined();
		expect((failed.error as unknown as IDataObject).httpCode).toBe('403');
		expectNoSecrets(failed, secrets);

		const continued = await exec(store, auth, 'get', GET_54, [{}], true);
		expect(continued.error).toBeUndefined();
		expect(pairingOf(continued.items)).toEqual([{ item: 0 }]);
		expect(continued.items[0].json).toMatchObject({ error: expect.any(String), httpCode: '403' });
		expect(continued.items[0].json.description).toContain('***');
		expectNoSecrets(continued, secrets);
	});
});

describe('errors inside a batch', () => {
	let store: CredentialStore;
	beforeEach(async () => {
		store = await storeFor(sandbox, 'webhook');
		await sandbox.control.clearLog();
	});

	it('"Not found" for one item fails only that item, naming its contact; the others are changed', async () => {
		const result = await exec(
			store,
			'webhook',
			'set',
			{
				contactId: locator('={{ $json.contact }}'),
				companies: { company: [{ companyId: locator(10), isPrimary: true, sort: 0 }] },
			},
			[{ contact: 82 }, { contact: 999 }, { contact: 83 }],
			true,
		);

		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [first, second, third] = jsonOf(result.items);
		expect(first).toMatchObject({ contactId: 82, updated: true });
		expect(second.error).toBe('Contact 999 does not exist in Bitrix24');
		expect(third).toMatchObject({ contactId: 83, updated: true });
		expect(await bindingsOf(sandbox, 83)).toEqual([
			{ COMPANY_ID: 10, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		]);
		const log = await restLog(sandbox);
		expect(log).toHaveLength(1);
		expect(log[0].subCalls?.map((sub) => sub.error ?? 'ok')).toEqual([
			'ok',
			'ok',
			'',
			'',
			'ok',
			'ok',
		]);
	});

	it('without continue-on-fail, the failed item stops the run with its item index', async () => {
		const result = await exec(
			store,
			'webhook',
			'clear',
			{ contactId: locator('={{ $json.contact }}') },
			[{ contact: 54 }, { contact: 999 }],
		);

		expect(result.error?.message).toBe('Contact 999 does not exist in Bitrix24');
		expect((result.error as unknown as { context?: IDataObject }).context?.itemIndex).toBe(1);
		expect(result.error?.description).toMatch(
			/1 other item was changed in Bitrix24 in this run, and those changes stand/,
		);
		expect(await bindingsOf(sandbox, 54)).toHaveLength(0);
	});

	it('without continue-on-fail, the error counts the other items that were changed; a read counts none', async () => {
		const contacts = [{ contact: 82 }, { contact: 999 }, { contact: 83 }, { contact: 998 }];
		const cleared = await exec(
			store,
			'webhook',
			'clear',
			{ contactId: locator('={{ $json.contact }}') },
			contacts,
		);

		expect(cleared.error?.description).toMatch(
			/ 2 other items were changed in Bitrix24 in this run/,
		);

		const read = await exec(
			store,
			'webhook',
			'get',
			{ contactId: locator('={{ $json.contact }}') },
			contacts,
		);
		expect(read.error?.message).toBe('Contact 999 does not exist in Bitrix24');
		expect(read.error?.description).not.toMatch(/other item/);

		const alone = await exec(store, 'webhook', 'clear', { contactId: locator(999) });
		expect(alone.error?.description).toMatch(/No other item changed anything in Bitrix24\.$/);
	});

	it('an invalid owner ID (ownerEntityID) says the ID was refused', async () => {
		await faultOn(
			'crm.contact.company.items.set',
			400,
			'',
			'The parameter ownerEntityID is invalid or not defined.',
		);
		const result = await exec(store, 'webhook', 'set', {
			contactId: locator(82),
			companies: { company: [{ companyId: locator(8), isPrimary: false, sort: 0 }] },
		});

		expect(result.error?.message).toBe('Bitrix24 refused the ID of contact 82');
		expect(result.error?.description).toContain('ownerEntityID');
		expect(result.error?.description).toMatch(/positive whole number of an existing record/);
		// The batch answer carries no HTTP status per command.
		expect(callsOf((await restLog(sandbox))[0]).map((call) => call.method)).toEqual([
			'crm.contact.company.items.set',
			'crm.contact.company.items.get',
		]);
	});
});

describe('webhook authentication', () => {
	it('a wrong secret (INVALID_CREDENTIALS, 401) says to copy the webhook URL again, and shows neither secret', async () => {
		const wrongSecret = 'wr0ngSecretValue1234';
		const store = await storeFor(sandbox, 'webhook', {
			webhookSecretUrl: `${sandbox.baseUrl}/rest/${sandbox.userId}/${wrongSecret}/`,
		});

		const result = await exec(store, 'webhook', 'get', GET_54);

		expect(result.error?.message).toBe('Bitrix24 did not accept the webhook secret');
		expect(result.error?.description).toMatch(/INVALID_CREDENTIALS/);
		expect(result.error?.description).toMatch(/deleted or its secret regenerated/);
		expect(result.error?.description).toMatch(/Copy the inbound webhook URL from Bitrix24 again/);
		expect((result.error as unknown as IDataObject).httpCode).toBe('401');
		expectNoSecrets(result, [wrongSecret, sandbox.webhookSecret]);
	});

	it('a webhook without the crm scope (insufficient_scope, 403) says to add the crm scope', async () => {
		const hook = await sandbox.control.createWebhook({ scope: ['user'] });
		const store = await storeFor(sandbox, 'webhook', { webhookSecretUrl: hook.url });

		const direct = await exec(store, 'webhook', 'clear', {
			contactId: locator(54),
			options: { returnBindings: false },
		});

		expect(direct.error?.message).toBe('The credential lacks the CRM scope');
		expect(direct.error?.description).toMatch(
			/Inbound webhook, edit this webhook, tick CRM \(crm\)/,
		);
		expect((direct.error as unknown as IDataObject).httpCode).toBe('403');
		expectNoSecrets(direct, [hook.secret]);

		// In a batch the refusal comes per command, without an HTTP status of its own.
		const batched = await exec(store, 'webhook', 'clear', { contactId: locator(54) });
		expect(batched.error?.message).toBe('The credential lacks the CRM scope');
		expectNoSecrets(batched, [hook.secret]);
		expect(await bindingsOf(sandbox, 54)).toHaveLength(3);
	});
});

describe('OAuth2 authentication', () => {
	it('a token without the crm scope (insufficient_scope, 403) says to add the crm scope', async () => {
		const store = await storeFor(sandbox, 'oAuth2');
		const data = store.get('bitrix24OAuth2Api')!;
		const token = await sandbox.control.issueToken({ scope: ['user'] });
		store.update('bitrix24OAuth2Api', {
			...data,
			oauthTokenData: { ...(data.oauthTokenData as IDataObject), ...token },
		});

		const result = await exec(store, 'oAuth2', 'get', GET_54);

		expect(result.error?.message).toBe('The credential lacks the CRM scope');
		expect(result.error?.description).toMatch(
			/Local application, edit this application, tick CRM \(crm\)/,
		);
		expect(result.error?.description).toMatch(/reconnect the Bitrix24 OAuth2 credential/);
		expect((result.error as unknown as IDataObject).httpCode).toBe('403');
		expectNoSecrets(result, [token.access_token, token.refresh_token]);
	});

	it('a token Bitrix24 keeps refusing (invalid_token, 401) asks to reconnect after one refresh', async () => {
		const store = await storeFor(sandbox, 'oAuth2');
		await faultOn(
			'crm.contact.company.items.get',
			401,
			'invalid_token',
			'Unable to get application by token',
			5,
		);

		const result = await exec(store, 'oAuth2', 'get', GET_54);

		expect(result.error?.message).toBe('The Bitrix24 access token was refused');
		expect(result.error?.description).toMatch(/Reconnect the Bitrix24 OAuth2 credential/);
		expect((result.error as unknown as IDataObject).httpCode).toBe('401');
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		expectNoSecrets(result, secretsOf(store, 'oAuth2'));
	});

	it('an unknown token whose refresh token is gone as well asks to reconnect', async () => {
		const store = await storeFor(sandbox, 'oAuth2');
		const data = store.get('bitrix24OAuth2Api')!;
		const stale = {
			access_token: 'staleAccessToken123456',
			refresh_token: 'staleRefreshToken123456',
		};
		store.update('bitrix24OAuth2Api', {
			...data,
			oauthTokenData: { ...(data.oauthTokenData as IDataObject), ...stale },
		});

		const result = await exec(store, 'oAuth2', 'get', GET_54);

		expect(result.error).toBeDefined();
		expect(result.error?.message).toBe(
			'The request for crm.contact.company.items.get could not be sent',
		);
		expect(result.error?.description).toMatch(/needs to be reconnected\. Check the credential/);
		expect((await restLog(sandbox)).every((entry) => entry.status !== 200)).toBe(true);
		expectNoSecrets(result, [...Object.values(stale), String(data.clientSecret)]);
	});
	it('a client secret the token server refuses (invalid_client) says Bitrix24 rejected the client ID or secret', async () => {
		const store = await storeFor(sandbox, 'oAuth2', { clientSecret: 'notTheSandboxSecret42' });
		await sandbox.control.expireAccessTokens();
		await sandbox.control.clearLog();

		const result = await exec(store, 'oAuth2', 'get', GET_54);

		expect(result.error?.message).toBe('Bitrix24 rejected the client ID or client secret');
		expect(result.error?.description).toMatch(
			/Check the Client ID and Client Secret .* then reconnect the credential/,
		);
		const tokenLog = (await sandbox.control.getLog()).filter((entry) =>
			entry.path.startsWith('/oauth/token'),
		);
		expect(tokenLog.map((entry) => [entry.status, entry.error])).toEqual([[401, 'invalid_client']]);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(0);
		expectNoSecrets(result, secretsOf(store, 'oAuth2'));
	});
});

describe('errors the engine retries', () => {
	let store: CredentialStore;
	beforeEach(async () => {
		store = await storeFor(sandbox, 'webhook');
	});

	it('retries QUERY_LIMIT_EXCEEDED (503) and a server error, then succeeds', async () => {
		await faultOn(
			'crm.contact.company.items.get',
			503,
			'QUERY_LIMIT_EXCEEDED',
			'Too many requests',
		);
		await sandbox.control.injectFault({
			match: { method: 'crm.contact.company.items.get' },
			fault: { kind: 'html', status: 502 },
		});

		const result = await exec(store, 'webhook', 'get', {
			...GET_54,
			options: { retryDelayMs: 10 },
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.companies).toHaveLength(3);
		expect((await restLog(sandbox)).map((entry) => entry.status)).toEqual([503, 502, 200]);
	});

	it('stops retrying at Max Retries and says so, keeping the status', async () => {
		await sandbox.control.injectFault({
			match: { method: 'crm.contact.company.items.get' },
			count: 10,
			fault: { kind: 'html', status: 502 },
		});

		const result = await exec(store, 'webhook', 'get', {
			...GET_54,
			options: { retryDelayMs: 10, maxRetries: 2 },
		});

		expect(result.error?.message).toMatch(/HTTP 502/);
		expect(result.error?.description).toMatch(/Gave up after 2 retries/);
		expect((result.error as unknown as IDataObject).httpCode).toBe('502');
		expect(await restLog(sandbox)).toHaveLength(3);
	});

	it('fails at once on OPERATION_TIME_LIMIT when the block outlasts Max Wait for Limits', async () => {
		await faultOn(
			'crm.contact.company.items.get',
			429,
			'OPERATION_TIME_LIMIT',
			'Method is blocked due to operation time limit.',
		);

		// Nothing said when the method has room again: the node expects it a basket (a minute) later.
		const result = await exec(store, 'webhook', 'get', {
			...GET_54,
			options: { maxLimitWaitMinutes: 0.01 },
		});

		expect(result.error?.message).toMatch(/operating-time limit/);
		expect(result.error?.description).toMatch(
			/has room again at about .* UTC, later than this execution may wait for limits \(Max Wait for Limits is 0\.01 min\)/,
		);
		expect((result.error as unknown as IDataObject).httpCode).toBe('429');
		expect(await restLog(sandbox)).toHaveLength(1);
	});
});
