/**
 * A portal on Bitrix24's free plan refuses every REST call with ACCESS_DENIED "REST is available
 * only on commercial plans." ([server] APAuth\Auth; b24restdocs access-to-rest-api.md): an
 * operation says so, rather than blaming the user's rights.
 */
import type { Sandbox } from '../sandbox/server';
import type { CredentialStore } from '../harness';
import { locator, run, useWebhookSuite } from './helpers';

let sandbox: Sandbox;
let store: CredentialStore;

useWebhookSuite((suiteSandbox, suiteStore) => {
	sandbox = suiteSandbox;
	store = suiteStore;
});

it('an operation on a free-plan portal says the plan has no REST API', async () => {
	await sandbox.control.setPlan('free');
	const result = await run({
		store,
		auth: 'webhook',
		operation: 'get',
		parameters: { contactId: locator(54) },
	});

	expect(result.error?.message).toBe("This Bitrix24 portal's plan has no REST API");
	expect(result.error?.description).toMatch(
		/ACCESS_DENIED \("REST is available only on commercial plans\."\)\. Bitrix24 offers webhooks, and so this node, only on commercial plans/,
	);
});
