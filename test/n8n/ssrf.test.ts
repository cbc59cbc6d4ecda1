/**
 * n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED, n8n 2.x) blocks requests to private and local
 * addresses, and so a self-hosted Bitrix24 on an office network. In a real n8n with the protection
 * on, the node's error says which setting lets the portal through, nothing reaches the portal, and
 * the setting it names does let the portal through.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AuthKind } from './credentials';
import { webhookCredential, writeCredentialsFile } from './credentials';
import { bitrix24Output, COMMAND_TIMEOUT_MS, useN8n, type E2eN8n } from './e2e-fixture';
import { findLeaks, sandboxSecrets } from './leak-check';
import { N8nCli, type ExecuteResult } from './n8n-cli';
import { N8N_MAJOR } from './runtime';
import { workflowId } from './workflows';

/** n8n 1.x has no SSRF protection (1.85.4's configuration knows no N8N_SSRF_* setting). */
const describeWithSsrfProtection = N8N_MAJOR >= 2 ? describe : describe.skip;

let n8n: E2eN8n;

/** n8n's CLI on the same user folder, with the protection on and the given allowances. */
function protectedCli(allowances: Record<string, string> = {}): N8nCli {
	return new N8nCli({
		...n8n.cli.options,
		settings: { N8N_SSRF_PROTECTION_ENABLED: 'true', ...allowances },
	});
}

/** The REST calls that reached the sandbox (the OAuth endpoints log a null method). */
async function restCalls(): Promise<number> {
	return (await n8n.sandbox.control.getLog()).filter((entry) => entry.method !== null).length;
}

/** With these allowances, the Get example runs, puts out items and reaches the portal. */
async function expectReachesPortal(allowances: Record<string, string>): Promise<void> {
	const result = await protectedCli(allowances).execute(workflowId('get', 'webhook'));
	expectRunSucceeded(result);
	expect(bitrix24Output(result).length).toBeGreaterThan(0);
	expect(await restCalls()).toBeGreaterThan(0);
}

/**
 * The run's own verdict, not the exit code: with the protection on, n8n 2.41.1's CLI now and then
 * dies of SIGSEGV while shutting down, after it has printed and stored the run.
 */
function expectRunSucceeded(result: ExecuteResult): void {
	expect({ status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual(
		{
			status: 'success',
			error: undefined,
		},
	);
}

function expectRunFailed(result: ExecuteResult): void {
	expect(result.run?.data.resultData.error?.message).toEqual(expect.any(String));
}

function errorText(result: ExecuteResult): string {
	const error = result.run?.data.resultData.error;
	return `${error?.message ?? ''}\n${error?.description ?? ''}`;
}

/** Points the webhook credential at the sandbox under another host name (same id: an update). */
async function importWebhookCredential(host: string): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-ssrf-'));
	try {
		const file = join(dir, 'credentials.json');
		const url = new URL(n8n.sandbox.webhookUrl);
		url.hostname = host;
		writeCredentialsFile(file, [webhookCredential(url.toString())]);
		await n8n.cli.importCredentials(file);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describeWithSsrfProtection('n8n with SSRF protection on', () => {
	useN8n((started) => (n8n = started));

	beforeEach(async () => {
		await n8n.sandbox.control.clearLog();
	});

	describe.each<AuthKind>(['webhook', 'oAuth2'])(
		'a portal on 127.0.0.1 with the %s credential',
		(auth) => {
			let result: ExecuteResult;

			beforeAll(async () => {
				result = await protectedCli().execute(workflowId('get', auth));
			}, COMMAND_TIMEOUT_MS);

			it('fails, naming the address and the settings that allow it', () => {
				expectRunFailed(result);
				const text = errorText(result);
				expect(text).toMatch(/SSRF protection/);
				expect(text).toContain('127.0.0.1');
				expect(text).toContain('N8N_SSRF_ALLOWED_HOSTNAMES');
				expect(text).toContain('N8N_SSRF_ALLOWED_IP_RANGES');
			});

			it('shows no secret in the error', async () => {
				expect(
					findLeaks(await sandboxSecrets(n8n.sandbox), [
						{ where: 'the error', text: errorText(result) },
					]),
				).toEqual([]);
			});
		},
	);

	it(
		'sent nothing to the portal while blocked',
		async () => {
			const result = await protectedCli().execute(workflowId('get', 'webhook'));
			expectRunFailed(result);
			expect(await restCalls()).toBe(0);
		},
		COMMAND_TIMEOUT_MS,
	);

	it(
		'reaches the portal once N8N_SSRF_ALLOWED_IP_RANGES holds its address',
		async () => await expectReachesPortal({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' }),
		COMMAND_TIMEOUT_MS,
	);

	describe('a portal reached by host name', () => {
		beforeAll(async () => {
			await importWebhookCredential('localhost');
		}, COMMAND_TIMEOUT_MS);

		it(
			'fails while the host name is not allowed, naming N8N_SSRF_ALLOWED_HOSTNAMES',
			async () => {
				const result = await protectedCli().execute(workflowId('get', 'webhook'));
				expectRunFailed(result);
				expect(errorText(result)).toContain('N8N_SSRF_ALLOWED_HOSTNAMES');
				expect(await restCalls()).toBe(0);
			},
			COMMAND_TIMEOUT_MS,
		);

		it(
			'reaches the portal once N8N_SSRF_ALLOWED_HOSTNAMES names it',
			async () => await expectReachesPortal({ N8N_SSRF_ALLOWED_HOSTNAMES: 'localhost' }),
			COMMAND_TIMEOUT_MS,
		);
	});
});
