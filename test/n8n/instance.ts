/**
 * Readies an n8n user folder the same way for `npm start` and for the end-to-end tests: this
 * package installed as a community node, the credentials and example workflows imported.
 */
import { randomBytes } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { installIntoN8n } from './community-package';
import {
	obtainSandboxTokens,
	oAuth2Credential,
	webhookCredential,
	writeCredentialsFile,
	type CredentialFileEntry,
	type SandboxOAuthEndpoints,
} from './credentials';
import type { N8nCli } from './n8n-cli';
import { writeWorkflowFolder, type Workflow } from './workflows';

export interface SandboxInfo extends SandboxOAuthEndpoints {
	webhookUrl: string;
}

/** Both credentials against the sandbox, or the webhook one against a real portal when given. */
export async function credentialsFor(sandbox: SandboxInfo, portalWebhookUrl?: string): Promise<CredentialFileEntry[]> {
	const webhook = portalWebhookUrl
		? webhookCredential(portalWebhookUrl, 'Bitrix24 portal (webhook)')
		: webhookCredential(sandbox.webhookUrl);
	return [webhook, oAuth2Credential(sandbox, await obtainSandboxTokens(sandbox))];
}

/** One key for the lifetime of the user folder: n8n cannot read credentials saved under another. */
export function persistentEncryptionKey(userFolder: string): string {
	const file = join(userFolder, 'encryption-key');
	if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
	return readFileSync(file, 'utf8').trim();
}

export async function prepareUserFolder(
	cli: N8nCli,
	content: { credentials: CredentialFileEntry[]; workflows: Workflow[] },
): Promise<void> {
	await installIntoN8n(cli.options.userFolder);
	const dir = mkdtempSync(join(tmpdir(), 'n8n-import-'));
	try {
		const credentialsFile = join(dir, 'credentials.json');
		writeCredentialsFile(credentialsFile, content.credentials);
		await cli.importCredentials(credentialsFile);
		const workflowsDir = join(dir, 'workflows');
		writeWorkflowFolder(workflowsDir, content.workflows);
		await cli.importWorkflowFolder(workflowsDir);
	} finally {
		// The credentials file holds secrets in plain text: it lives only as long as the import.
		rmSync(dir, { recursive: true, force: true });
	}
}
