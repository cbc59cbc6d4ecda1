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
	PORTAL_CREDENTIAL,
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

/** Both credentials against the sandbox, and a third for a real portal's webhook when given. */
export async function credentialsFor(
	sandbox: SandboxInfo,
	portalWebhookUrl?: string,
): Promise<CredentialFileEntry[]> {
	return [
		webhookCredential(sandbox.webhookUrl),
		oAuth2Credential(sandbox, await obtainSandboxTokens(sandbox)),
		...(portalWebhookUrl ? [webhookCredential(portalWebhookUrl, PORTAL_CREDENTIAL)] : []),
	];
}

/** A random secret made once and kept in the user folder, so it lives as long as the folder does. */
export function persistentSecret(userFolder: string, fileName: string): string {
	const file = join(userFolder, fileName);
	if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
	return readFileSync(file, 'utf8').trim();
}

/** One key for the lifetime of the user folder: n8n cannot read credentials saved under another. */
export function persistentEncryptionKey(userFolder: string): string {
	return persistentSecret(userFolder, 'encryption-key');
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
