/**
 * The node against what real portals do at the edges, in n8n-core's engine over real HTTP: a
 * portal that changed its address (settings/how-to-call-rest-api/change-domen.md), webhooks over
 * plain HTTP ([server] Bitrix\Rest\APAuth\Auth), a 5xx that carries a Bitrix24 error code, and one
 * OAuth2 refresh per token expiry.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import { logCapture } from '../harness';
import type { RunNodeResult } from '../harness';
import type { FormerAddress, Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import {
	type Auth,
	CREDENTIAL_TYPE,
	bindingsOf,
	everythingVisible,
	locator,
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

const contactFromItem = { __rl: true, mode: 'id', value: '={{ $json.contactId }}' };
const SET_FROM_ITEM = {
	contactId: contactFromItem,
	companiesInput: 'json',
	companiesJson: '={{ $json.companies }}',
};

async function seedContacts(count: number, first = 1000): Promise<number[]> {
	const ids = Array.from({ length: count }, (_, index) => first + index);
	await sandbox.control.seed({ contacts: ids.map((ID) => ({ ID, NAME: `Contact ${ID}` })) });
	return ids;
}

const setItems = (ids: number[]) =>
	ids.map((contactId) => ({ contactId, companies: [{ COMPANY_ID: 8, IS_PRIMARY: 'Y' }, 9] }));

function warnings(result: RunNodeResult): string[] {
	return result.logs.filter((line) => line.level === 'warn').map((line) => line.message);
}

describe('a portal that moved', () => {
	let former: FormerAddress;
	beforeEach(async () => {
		former = await sandbox.openFormerAddress();
	});
	afterEach(async () => await former.close());

	async function storeAtFormerAddress(auth: Auth) {
		if (auth === 'webhook')
			return await storeFor(sandbox, 'webhook', { webhookSecretUrl: former.webhookUrl });
		const store = await storeFor(sandbox, 'oAuth2', { portalUrl: former.baseUrl });
		const data = store.get('bitrix24OAuth2Api')!;
		store.update('bitrix24OAuth2Api', {
			...data,
			oauthTokenData: { ...(data.oauthTokenData as IDataObject), client_endpoint: former.restUrl },
		});
		return store;
	}

	it.each<Auth>(['webhook', 'oAuth2'])(
		'(%s) is followed: the same POST at the new address, which the rest of the run uses; one warning names it',
		async (auth) => {
			const store = await storeAtFormerAddress(auth);
			// 800 items: 16 batch requests, twice the node's 8 lanes.
			const ids = await seedContacts(800);
			await sandbox.control.clearLog();

			const result = await run({
				store,
				auth,
				operation: 'set',
				parameters: { ...SET_FROM_ITEM, options: { returnBindings: false } },
				items: setItems(ids),
			});

			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.updated)).toEqual(ids.map(() => true));
			expect(await bindingsOf(sandbox, ids[799])).toEqual([
				expect.objectContaining({ COMPANY_ID: 8, IS_PRIMARY: 'Y' }),
				expect.objectContaining({ COMPANY_ID: 9, IS_PRIMARY: 'N' }),
			]);
			const log = await restLog(sandbox);
			const redirected = log.filter((entry) => entry.redirectedTo);
			const served = log.filter((entry) => !entry.redirectedTo);
			// Only requests already on their way when the first 302 came back (one per lane at most) meet
			// the old address; every one is repeated at the new address with its body.
			expect(redirected.length).toBeGreaterThanOrEqual(1);
			expect(redirected.length).toBeLessThanOrEqual(DEFAULT_ENGINE_SETTINGS.concurrency);
			expect(served.map((entry) => [entry.httpMethod, entry.method, entry.status])).toEqual(
				served.map(() => ['POST', 'batch', 200]),
			);
			expect(served).toHaveLength(16);
			expect(served.flatMap((entry) => entry.subCalls ?? [])).toHaveLength(800);

			expect(warnings(result)).toEqual([
				expect.stringContaining(
					`the portal has moved from ${former.baseUrl} to ${sandbox.baseUrl}`,
				),
			]);
			expect(warnings(result)[0]).toMatch(
				auth === 'webhook'
					? /copy the inbound webhook URL from Bitrix24 again/
					: /set the Portal URL .* and reconnect it/,
			);
			const visible = everythingVisible(result);
			expect(visible).not.toContain(sandbox.webhookSecret);
		},
	);

	it('a lone call: one 302, then the call with its parameters at the new address', async () => {
		const store = await storeAtFormerAddress('webhook');
		await sandbox.control.clearLog();

		const result = await run({
			store,
			auth: 'webhook',
			operation: 'get',
			parameters: { contactId: locator(54), output: 'perOwner' },
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.companies).toHaveLength(3);
		expect(
			(await restLog(sandbox)).map((entry) => [
				entry.status,
				entry.redirectedTo ?? null,
				entry.params,
			]),
		).toEqual([
			[302, sandbox.baseUrl, {}],
			[200, null, { id: 54 }],
		]);
	});

	it('a redirect within the same portal (say, a licence page) is no move: the item fails saying so, without following it', async () => {
		const store = await storeFor(sandbox, 'webhook');
		await sandbox.control.injectFault({
			fault: {
				kind: 'status',
				status: 302,
				body: '',
				headers: { location: `${sandbox.baseUrl}/bitrix/coupon_activation.php` },
			},
		});

		const result = await run({
			store,
			auth: 'webhook',
			operation: 'get',
			parameters: { contactId: locator(54), output: 'perOwner' },
		});

		expect(result.error?.message).toBe(
			'Bitrix24 redirected crm.contact.company.items.get elsewhere (HTTP 302)',
		);
		expect(result.error?.description).toMatch(/another page of the same portal/);
		expect(await restLog(sandbox)).toHaveLength(1);
		expect(everythingVisible(result)).not.toContain(sandbox.webhookSecret);
	});
});

describe('webhooks over plain HTTP', () => {
	it('a portal without REST_APAUTH_ALLOW_HTTP: the item says HTTPS is required and how an administrator allows HTTP', async () => {
		const httpsOnly = await startSandbox({ port: 0 });
		try {
			const store = await storeFor(httpsOnly, 'webhook');
			const result = await run({
				store,
				auth: 'webhook',
				operation: 'get',
				parameters: { contactId: locator(54), output: 'perOwner' },
			});

			expect(result.error?.message).toBe('Bitrix24 accepts this webhook only over HTTPS');
			expect(result.error?.description).toContain('Bitrix24 said: "Https required."');
			expect(result.error?.description).toContain(
				"define('REST_APAUTH_ALLOW_HTTP', true); in bitrix/php_interface/dbconn.php",
			);
			expect((result.error as unknown as IDataObject).httpCode).toBe('401');
			expect(everythingVisible(result)).not.toContain(httpsOnly.webhookSecret);
		} finally {
			await httpsOnly.close();
		}
	});
});

describe('a 5xx answer', () => {
	it.each([
		['ERROR_CORE', 'Internal error while normalizing bindings'],
		['INTERNAL_SERVER_ERROR', 'Internal server error'],
	])(
		"with a Bitrix24 code (%s) is the call failing, not the network: not repeated, and the portal's reason is shown",
		async (code, reason) => {
			const store = await storeFor(sandbox, 'webhook');
			await sandbox.control.injectFault({
				match: { method: 'crm.contact.company.items.get' },
				count: 5,
				fault: { kind: 'status', status: 500, body: { error: code, error_description: reason } },
			});

			const result = await run({
				store,
				auth: 'webhook',
				operation: 'get',
				parameters: { contactId: locator(54), output: 'perOwner', options: { retryDelayMs: 10 } },
			});

			expect(result.error?.message).toBe(
				`Bitrix24 failed on crm.contact.company.items.get (${code}, HTTP 500)`,
			);
			expect(result.error?.description).toContain(`Bitrix24 said: "${reason}".`);
			expect(result.error?.description).toMatch(/did not repeat it/);
			expect(await restLog(sandbox)).toHaveLength(1);
		},
	);

	it.each([
		[
			'an error body without a code',
			{ kind: 'status', status: 500, body: { error: '', error_description: '' } },
		],
		['an empty body', { kind: 'empty', status: 500 }],
		["a gateway's page", { kind: 'html', status: 502 }],
	] as const)(
		'with %s may be a passing fault: retried, and the item succeeds',
		async (_label, fault) => {
			const store = await storeFor(sandbox, 'webhook');
			await sandbox.control.injectFault({
				match: { method: 'crm.contact.company.items.get' },
				count: 1,
				fault,
			});

			const result = await run({
				store,
				auth: 'webhook',
				operation: 'get',
				parameters: { contactId: locator(54), output: 'perOwner', options: { retryDelayMs: 10 } },
			});

			expect(result.error).toBeUndefined();
			expect((await restLog(sandbox)).map((entry) => entry.status)).toEqual([
				500 === (fault as { status: number }).status ? 500 : 502,
				200,
			]);
		},
	);
});

describe('OAuth2: one refresh per token expiry', () => {
	/** The token expires now, for the portal and in what the credential knows (`expires`); the log starts empty. */
	async function storeWithExpiredToken() {
		const store = await storeFor(sandbox, 'oAuth2');
		await sandbox.control.expireAccessTokens();
		const data = store.get(CREDENTIAL_TYPE.oAuth2)!;
		store.update(CREDENTIAL_TYPE.oAuth2, {
			...data,
			oauthTokenData: {
				...(data.oauthTokenData as IDataObject),
				expires: Math.floor(Date.now() / 1000),
			},
		});
		await sandbox.control.clearLog();
		return store;
	}

	it('a Set of 120 items whose token has expired: one request goes alone, gets the one 401, and n8n refreshes once', async () => {
		const ids = await seedContacts(120);
		const store = await storeWithExpiredToken();

		const result = await run({
			store,
			auth: 'oAuth2',
			operation: 'set',
			parameters: SET_FROM_ITEM,
			items: setItems(ids),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.updated)).toEqual(ids.map(() => true));
		const log = await sandbox.control.getLog();
		const refusals = log.filter((entry) => entry.error === 'expired_token');
		expect(refusals).toHaveLength(1);
		const grants = log.filter((entry) => entry.path.startsWith('/oauth/token'));
		expect(grants.map((entry) => [entry.status, entry.error ?? null])).toEqual([[200, null]]);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		// The 401 was the first request and the refresh came before any other.
		expect(log.indexOf(refusals[0])).toBe(0);
		expect(log.indexOf(grants[0])).toBe(1);
	});

	it('two executions at once with the expired token share the gate: one 401 and one refresh in all', async () => {
		const ids = await seedContacts(120);
		const store = await storeWithExpiredToken();

		const [first, second] = await Promise.all([
			run({
				store,
				auth: 'oAuth2',
				operation: 'set',
				parameters: SET_FROM_ITEM,
				items: setItems(ids.slice(0, 60)),
			}),
			run({
				store,
				auth: 'oAuth2',
				operation: 'set',
				parameters: SET_FROM_ITEM,
				items: setItems(ids.slice(60)),
			}),
		]);

		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect([...first.items, ...second.items].every((item) => item.json.updated === true)).toBe(
			true,
		);
		const log = await sandbox.control.getLog();
		expect(log.filter((entry) => entry.error === 'expired_token')).toHaveLength(1);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
	});

	it('a token far from its expiry lets requests run side by side', async () => {
		const ids = await seedContacts(120);
		const store = await storeFor(sandbox, 'oAuth2');
		await sandbox.control.clearLog();
		// Every batch is held a moment: with the gate open, several are at the portal at once.
		await sandbox.control.injectFault({
			match: { method: 'batch' },
			count: 10,
			fault: { kind: 'delay', ms: 150 },
		});

		const result = await run({
			store,
			auth: 'oAuth2',
			operation: 'set',
			parameters: SET_FROM_ITEM,
			items: setItems(ids),
		});

		expect(result.error).toBeUndefined();
		const log = await restLog(sandbox);
		const spans = log.map(
			(entry) => [Date.parse(entry.at), Date.parse(entry.at) + entry.durationMs] as const,
		);
		const overlapping = spans.some(([start], index) =>
			spans.some(
				([otherStart, otherEnd], other) =>
					other !== index && otherStart <= start && start < otherEnd,
			),
		);
		expect(overlapping).toBe(true);
	});
});
