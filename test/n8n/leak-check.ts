/**
 * Which secrets exist in a test run, and where any of them shows up. A secret found in a stored
 * execution, n8n's database or n8n's log is a leak.
 */
import type { SandboxControl } from '../sandbox/control-client';

/** What names the secrets: an in-process sandbox, or one known only by its control API. */
export interface SandboxSecretSource {
	webhookSecret: string;
	oauth: { clientSecret: string };
	control: Pick<SandboxControl, 'getTokens'>;
}

export interface NamedSecret {
	name: string;
	value: string;
}

/** The webhook secret, the OAuth client secret, and every token the sandbox ever issued. */
export async function sandboxSecrets(sandbox: SandboxSecretSource): Promise<NamedSecret[]> {
	const tokens = await sandbox.control.getTokens();
	return [
		{ name: 'webhook secret', value: sandbox.webhookSecret },
		{ name: 'OAuth client secret', value: sandbox.oauth.clientSecret },
		...tokens.accessTokens.map((t, i) => ({ name: `access token #${i + 1}`, value: t.token })),
		...tokens.refreshTokens.map((t, i) => ({ name: `refresh token #${i + 1}`, value: t.token })),
	];
}

/** "<secret name> in <where>" for each secret found in each text. */
export function findLeaks(
	secrets: NamedSecret[],
	texts: Array<{ where: string; text: string }>,
): string[] {
	const leaks: string[] = [];
	for (const { where, text } of texts) {
		for (const secret of secrets) {
			if (secret.value && text.includes(secret.value)) leaks.push(`${secret.name} in ${where}`);
		}
	}
	return leaks;
}
