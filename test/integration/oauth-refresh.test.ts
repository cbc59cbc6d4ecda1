/**
 * OAuth2 token refresh inside real executions: when the access token expires between runs, or
 * while a run is under way, n8n refreshes it exactly once, the run succeeds, and the rotated
 * refresh token is what the credential store keeps (the sandbox's refresh tokens work once).
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import type { Sandbox } from '../sandbox/server';
import {
	bindingsOf,
	companyRow,
	companyRows,
	locator,
	pairingOf,
	restLog,
	run,
	storeFor,
	useWebhookSuite,
} from './helpers';

let sandbox: Sandbox;
let store: CredentialStore;

useWebhookSuite((suiteSandbox) => {
	sandbox = suiteSandbox;
});

const tokensInStore = () => store.get('bitrix24OAuth2Api')!.oauthTokenData as IDataObject;

const getContact = (items: IDataObject[] = [{ contact: 54 }]) =>
	run({
		store,
		auth: 'oAuth2',
		operation: 'get',
		parameters: { contactId: locator('={{ $json.contact }}'), output: 'perOwner' },
		items,
	});

describe('an access token that expires between runs', () => {
	it('is refreshed once, the run succeeds, and the rotated refresh token is stored and works next time', async () => {
		store = await storeFor(sandbox, 'oAuth2');
		const connected = tokensInStore();

		const first = await getContact();
		expect(first.error).toBeUndefined();
		expect(store.updates).toBe(0);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(0);

		await sandbox.control.expireAccessTokens();
		await sandbox.control.clearLog();
		const second = await getContact();

		expect(second.error).toBeUndefined();
		expect(second.items[0].json.companies).toHaveLength(3);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		expect(store.updates).toBe(1);
		const refreshed = tokensInStore();
		expect(refreshed.refresh_token).not.toBe(connected.refresh_token);
		expect(refreshed.access_token).not.toBe(connected.access_token);
		// The sandbox rotates refresh tokens: the old one is spent, the stored one is live.
		const { refreshTokens } = await sandbox.control.getTokens();
		expect(refreshTokens).toEqual(
			expect.arrayContaining([
				{ token: connected.refresh_token, used: true },
				{ token: refreshed.refresh_token, used: false },
			]),
		);
		expect((await restLog(sandbox)).map((entry) => [entry.method, entry.status])).toEqual([
			['crm.contact.company.items.get', 401],
			['crm.contact.company.items.get', 200],
		]);

		// A run with the fresh token needs no refresh; after the next expiry the stored token refreshes again.
		expect((await getContact()).error).toBeUndefined();
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		await sandbox.control.expireAccessTokens();
		expect((await getContact()).error).toBeUndefined();
		expect((await sandbox.control.getTokens()).refreshCount).toBe(2);
		expect(store.updates).toBe(2);
		expect(tokensInStore().refresh_token).not.toBe(refreshed.refresh_token);
	});

	it('refreshes once for a run whose items go out in several concurrent batch requests', async () => {
		store = await storeFor(sandbox, 'oAuth2');
		await sandbox.control.expireAccessTokens();
		await sandbox.control.clearLog();
		const contacts = [54, 82, 83, 84, 85];
		const items = Array.from({ length: 160 }, (_, index) => ({
			contact: contacts[index % contacts.length],
		}));

		const result = await getContact(items);

		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual(items.map((_, item) => ({ item })));
		expect(result.items.map((item) => item.json.contactId)).toEqual(
			items.map((item) => item.contact),
		);
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		expect(store.updates).toBe(1);
		const log = await restLog(sandbox);
		const succeeded = log.filter((entry) => entry.status === 200);
		expect(succeeded.map((entry) => entry.method)).toEqual(['batch', 'batch', 'batch', 'batch']);
		expect(log.filter((entry) => entry.status === 401).length).toBeGreaterThanOrEqual(1);
	});
});

describe('an access token that expires while the run is under way', () => {
	it('refreshes once for the request that arrives after the expiry, and every change is made', async () => {
		// A warm-up run first, so that loading n8n does not eat into the token's short life.
		store = await storeFor(sandbox, 'oAuth2');
		expect((await getContact()).error).toBeUndefined();
		await sandbox.control.setOAuth({ accessTokenLifetimeSec: 2 });
		store = await storeFor(sandbox, 'oAuth2');
		await sandbox.control.clearLog();
		// One of the three batch requests is held until the token has expired; the others go through.
		// Items 0-24 name contacts twice and stay packed; the last 5 name five contacts once and
		// are shared by two lanes (engine/spread.ts).
		await sandbox.control.injectFault({
			match: { method: 'batch' },
			count: 1,
			fault: { kind: 'delay', ms: 2500 },
		});
		const items = Array.from({ length: 30 }, (_, index) => ({
			contact: 82 + (index % 13),
			company: 7 + (index % 14),
		}));

		const result = await run({
			store,
			auth: 'oAuth2',
			operation: 'set',
			parameters: {
				contactId: locator('={{ $json.contact }}'),
				companies: companyRows(companyRow('={{ $json.company }}', true, 100)),
			},
			items,
		});

		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual(items.map((_, item) => ({ item })));
		for (const [index, item] of result.items.entries()) {
			expect(item.json).toMatchObject({ contactId: items[index].contact, updated: true });
		}
		expect((await sandbox.control.getTokens()).refreshCount).toBe(1);
		expect(store.updates).toBe(1);
		const log = await restLog(sandbox);
		expect(log.map((entry) => entry.status).sort()).toEqual([200, 200, 200, 401]);
		for (const contact of [82, 88, 94]) expect(await bindingsOf(sandbox, contact)).toHaveLength(1);
	});
});
