/**
 * OAuth2 in a real n8n: when the access token expires between runs, n8n's own OAuth2 machinery
 * refreshes it (Bitrix24 answers 401 `expired_token`), retries, and stores the rotated pair in
 * the credential.
 */
import { COMMAND_TIMEOUT_MS, expectSuccess, useN8n, type E2eN8n } from './e2e-fixture';
import { CREDENTIALS } from './credentials';
import { workflowId } from './workflows';

interface TokenData {
	access_token?: string;
	refresh_token?: string;
}

let n8n: E2eN8n;

useN8n((started) => (n8n = started));

async function storedTokens(): Promise<TokenData> {
	const credentials = await n8n.cli.exportCredentials();
	const oauth = credentials.find((c) => c.id === CREDENTIALS.oAuth2.id);
	if (!oauth) throw new Error('the OAuth2 credential is not in n8n');
	return oauth.data.oauthTokenData as TokenData;
}

it(
	'refreshes an expired access token, succeeds, and keeps the rotated tokens in the credential',
	async () => {
		const before = await storedTokens();
		expect(before.access_token).toEqual(expect.any(String));

		expectSuccess(await n8n.cli.execute(workflowId('get', 'oAuth2')));
		expect((await n8n.sandbox.control.getTokens()).refreshCount).toBe(0);

		const { expired } = await n8n.sandbox.control.expireAccessTokens();
		expect(expired).toBeGreaterThan(0);

		const afterExpiry = await n8n.cli.execute(workflowId('get', 'oAuth2'));
		expectSuccess(afterExpiry);
		const sandboxTokens = await n8n.sandbox.control.getTokens();
		expect(sandboxTokens.refreshCount).toBe(1);

		// n8n stored the new pair: the sandbox's only live access token, and an unused refresh token.
		const after = await storedTokens();
		const live = sandboxTokens.accessTokens.filter((t) => !t.expired).map((t) => t.token);
		expect(live).toEqual([after.access_token]);
		expect(after.access_token).not.toBe(before.access_token);
		expect(after.refresh_token).not.toBe(before.refresh_token);
		expect(sandboxTokens.refreshTokens).toEqual(
			expect.arrayContaining([
				{ token: before.refresh_token, used: true },
				{ token: after.refresh_token, used: false },
			]),
		);

		// The stored token is the one used next time: no second refresh.
		expectSuccess(await n8n.cli.execute(workflowId('get', 'oAuth2')));
		expect((await n8n.sandbox.control.getTokens()).refreshCount).toBe(1);
	},
	4 * COMMAND_TIMEOUT_MS,
);
