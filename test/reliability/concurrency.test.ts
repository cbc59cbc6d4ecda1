/**
 * Four executions at once, one OAuth2 credential, across a token expiry: exactly one refresh, no
 * `invalid_grant` (Bitrix24's refresh tokens rotate, so a second refresh with the old refresh token
 * would be refused), and all four succeed with the right output. The executions share one
 * credential store, as executions of one n8n instance share its credentials table.
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CredentialStore, RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import { useScannedSandbox } from './scanned-sandbox';
import { SecretScanner } from './secret-scanner';
import {
	bindingsOf,
	bindingsState,
	fromItem,
	isErrorItem,
	nodeParameters,
	pairOneToOne,
	restLog,
	run,
	storeFor,
	tokenRequests,
} from './support';

const OPTIONS = { maxRetries: 3, retryDelayMs: 10, maxRetryWaitSeconds: 2, timeoutMs: 10_000 };

/** Two readers and two writers, on different contacts, several items each (batched). */
const EXECUTIONS: Array<{ parameters: INodeParameters; items: IDataObject[] }> = [
	{
		parameters: nodeParameters('oAuth2', 'get', {
			contactId: fromItem('contactId'),
			output: 'perOwner',
			options: OPTIONS,
		}),
		items: [{ contactId: 54 }, { contactId: 85 }],
	},
	{
		parameters: nodeParameters('oAuth2', 'get', {
			contactId: fromItem('contactId'),
			output: 'perOwner',
			options: OPTIONS,
		}),
		items: [{ contactId: 83 }, { contactId: 82 }, { contactId: 54 }],
	},
	{
		parameters: nodeParameters('oAuth2', 'add', {
			contactId: fromItem('contactId'),
			companyId: fromItem('companyId'),
			options: OPTIONS,
		}),
		items: [
			{ contactId: 86, companyId: 10 },
			{ contactId: 87, companyId: 11 },
		],
	},
	{
		parameters: nodeParameters('oAuth2', 'set', {
			contactId: fromItem('contactId'),
			companiesInput: 'json',
			companiesJson: '={{ $json.companies }}',
			options: OPTIONS,
		}),
		items: [
			{ contactId: 88, companies: [12, 13] },
			{ contactId: 89, companies: [{ COMPANY_ID: 14, IS_PRIMARY: 'Y' }] },
		],
	},
];

const figures = { scenarios: 0, executions: 0, refreshes: 0, invalidGrants: 0 };

describe('four executions across a token expiry refresh the token once', () => {
	let sandbox: Sandbox;
	const scanner = new SecretScanner();
	useScannedSandbox(
		{ name: 'concurrency', figures, scanner },
		(suiteSandbox) => (sandbox = suiteSandbox),
	);

	async function untilEachSentARequest(): Promise<void> {
		for (let tries = 0; (await restLog(sandbox)).length < EXECUTIONS.length; tries++) {
			if (tries > 400) throw new Error('the four executions did not all send a request');
			await sleep(5);
		}
	}

	async function fresh(): Promise<CredentialStore> {
		await scanner.flush();
		await sandbox.control.reset();
		const store = await storeFor(sandbox, 'oAuth2');
		await sandbox.control.clearLog();
		return store;
	}

	const runAll = (store: CredentialStore) =>
		EXECUTIONS.map(async ({ parameters, items }) => await run({ parameters, store, items }));

	async function expectAllSucceededOnce(
		store: CredentialStore,
		results: RunNodeResult[],
		refreshedBefore: number,
	): Promise<void> {
		results.forEach((result, index) => {
			scanner.recordRun(`execution ${index}`, result);
			const outputs = pairOneToOne(result, EXECUTIONS[index].items.length);
			expect(outputs.filter(isErrorItem)).toEqual([]);
		});
		const state = await bindingsState(sandbox);
		// The readers saw the demo data; the writers' changes are there.
		expect(
			results[0].items.map((item) =>
				(item.json.companies as IDataObject[]).map((c) => c.companyId),
			),
		).toEqual([
			[7, 8, 9],
			[12, 13],
		]);
		expect(bindingsOf(state, 86).map((b) => b.COMPANY_ID)).toEqual([10]);
		expect(bindingsOf(state, 87).map((b) => b.COMPANY_ID)).toEqual([11]);
		expect(bindingsOf(state, 88).map((b) => b.COMPANY_ID)).toEqual([12, 13]);
		expect(bindingsOf(state, 89).map((b) => [b.COMPANY_ID, b.IS_PRIMARY])).toEqual([[14, 'Y']]);

		const tokens = await sandbox.control.getTokens();
		const refreshes = tokens.refreshCount - refreshedBefore;
		const grants = await tokenRequests(sandbox);
		const invalidGrants = grants.filter((entry) => entry.error === 'invalid_grant').length;
		figures.refreshes += refreshes;
		figures.invalidGrants += invalidGrants;
		expect(refreshes).toBe(1);
		expect(invalidGrants).toBe(0);
		expect(grants.map((entry) => entry.status)).toEqual([200]);
		// n8n stored the new tokens once, and they are the ones the sandbox issued last.
		expect(store.updates).toBe(1);
		const stored = store.get('bitrix24OAuth2Api')?.oauthTokenData as IDataObject;
		const live = tokens.accessTokens.filter((token) => !token.expired).map((token) => token.token);
		expect(live).toContain(stored.access_token);
		figures.executions += results.length;
		figures.scenarios += 1;
		expect(await scanner.flush()).toEqual([]);
	}

	it('the token expired before the four start', async () => {
		const store = await fresh();
		const before = (await sandbox.control.getTokens()).refreshCount;
		await sandbox.control.expireAccessTokens();
		const results = await Promise.all(runAll(store));
		await expectAllSucceededOnce(store, results, before);
		// Every execution met the expiry once and went on with the new token.
		const rest = await restLog(sandbox);
		expect(rest.filter((entry) => entry.error === 'expired_token')).toHaveLength(EXECUTIONS.length);
		expect(rest).toHaveLength(EXECUTIONS.length * 2);
	});

	it('the token expires while the four are waiting for their first answers', async () => {
		const store = await fresh();
		const before = (await sandbox.control.getTokens()).refreshCount;
		// The first request of each execution is held; the token expires while all four wait.
		await sandbox.control.injectFault({
			match: { authMode: 'oauth' },
			count: EXECUTIONS.length,
			fault: { kind: 'delay', ms: 400 },
		});
		const running = runAll(store);
		await untilEachSentARequest();
		await sandbox.control.expireAccessTokens();
		const results = await Promise.all(running);
		await expectAllSucceededOnce(store, results, before);
		const rest = await restLog(sandbox);
		expect(rest.filter((entry) => entry.error === 'expired_token')).toHaveLength(EXECUTIONS.length);
	});

	it('the expiry reaches the four one after another, some after the refresh is done', async () => {
		const store = await fresh();
		const before = (await sandbox.control.getTokens()).refreshCount;
		// Staggered: the later executions still hold the old token when the refresh has already rotated it.
		for (const ms of [100, 350, 600, 850]) {
			await sandbox.control.injectFault({
				match: { authMode: 'oauth' },
				count: 1,
				fault: { kind: 'delay', ms },
			});
		}
		const running = runAll(store);
		await untilEachSentARequest();
		await sandbox.control.expireAccessTokens();
		const results = await Promise.all(running);
		await expectAllSucceededOnce(store, results, before);
	});
});
