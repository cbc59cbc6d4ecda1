/**
 * `npm start`: a real n8n with this package installed as a community node, the Bitrix24 sandbox
 * behind it, credentials and example workflows imported, the editor on http://localhost:5678.
 *
 * Environment:
 *   BITRIX24_WEBHOOK_URL  a real portal's inbound webhook URL for the webhook credential
 *   N8N_PORT              editor port (default 5678)
 *   SANDBOX_PORT          sandbox port (default 8024)
 *
 * The n8n user folder (.n8n-runtime/user) persists between runs, and with it n8n's encryption key
 * and the sandbox's OAuth client secret. Credentials and the example workflows are imported again
 * on every start, because the sandbox issues new OAuth tokens each time it starts and the examples
 * should match the package as built now. With BITRIX24_WEBHOOK_URL, only a read-only example is
 * given the real portal's credential: the Set and Clear examples would change its data.
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import { portalProfile } from '../sandbox/profiles';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { buildPackage, NODE_TYPE } from './community-package';
import { ensureRuntime } from './ensure-runtime';
import {
	credentialsFor,
	persistentEncryptionKey,
	persistentSecret,
	prepareUserFolder,
} from './instance';
import { N8nCli } from './n8n-cli';
import { startN8n, type N8nServer } from './n8n-server';
import { DEFAULT_OWNER, ensureOwner } from './owner';
import { RUNTIME_DIR } from './runtime';
import { readStartEnv } from './start-env';
import { framedBanner, step } from './start-output';
import { PORTAL_CREDENTIAL } from './credentials';
import {
	EXAMPLES,
	exampleWorkflow,
	portalExampleWorkflow,
	startExampleWorkflows,
} from './workflows';

/**
 * What a person types into a new Bitrix24 OAuth2 credential to connect it to the sandbox, in the
 * order the form shows the fields (n8n's own Client ID and Client Secret first).
 */
function oauthLines(sandbox: Sandbox): string[] {
	return [
		' To make your own OAuth2 credential against the sandbox (its local application), fill in:',
		`   Client ID              ${sandbox.oauth.clientId}`,
		`   Client Secret          ${sandbox.oauth.clientSecret}   (kept in .n8n-runtime/user)`,
		`   Portal URL             ${sandbox.baseUrl}`,
		'   Authorization Server   Custom',
		`   Custom Token URL       ${sandbox.oauth.tokenUrl}`,
	];
}

function banner(editorUrl: string, sandbox: Sandbox, portalWebhookUrl: string | undefined): string {
	const link = (workflow: { id: string; name: string }) =>
		`    ${editorUrl}/workflow/${workflow.id}   ${workflow.name}`;
	const links = EXAMPLES.map((example) => link(exampleWorkflow(example, 'webhook')));
	return framedBanner([
		` n8n is ready: ${editorUrl}`,
		`   Sign in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`,
		'',
		' Example workflows: Get, Set and Clear (Manual Trigger → Bitrix24; "Execute workflow" to',
		' run); the Bitrix24 Trigger example ("Fetch Test Event", or activate it to poll):',
		...links,
		'   (each also as "… (OAuth2)" in the workflow list)',
		'',
		` The node: search "Bitrix24" in the nodes panel (type ${NODE_TYPE}).`,
		' Credentials "Bitrix24 sandbox (webhook)" and "Bitrix24 sandbox (OAuth2)" point at the sandbox',
		` (${sandbox.baseUrl}); so do the examples above.`,
		...(portalWebhookUrl
			? [
					'',
					` "${PORTAL_CREDENTIAL.name}" points at BITRIX24_WEBHOOK_URL. Only a Get example uses it,`,
					' so nothing changes on your portal unless you change a workflow to do so:',
					link(portalExampleWorkflow()),
					'   (it reads contact 54: set the Contact to one of yours)',
				]
			: []),
		'',
		...oauthLines(sandbox),
		` Sandbox state: ${sandbox.controlUrl}state`,
	]);
}

async function main(): Promise<void> {
	const { portalWebhookUrl, port, sandboxPort } = readStartEnv();

	step('n8n runtime (Node.js 24 + n8n, installed into .n8n-runtime/ on the first run)');
	await ensureRuntime();

	step('Building the package (npm run build)');
	await buildPackage('inherit');

	const userFolder = join(RUNTIME_DIR, 'user');
	mkdirSync(userFolder, { recursive: true });
	const cli = new N8nCli({ userFolder, encryptionKey: persistentEncryptionKey(userFolder), port });

	step('Starting the Bitrix24 sandbox');
	// A cloud portal (both limits on, every call taking its docs' server time) that allows webhooks
	// over HTTP (REST_APAUTH_ALLOW_HTTP), whose local application sends the browser back to this
	// n8n's OAuth2 callback. Its client secret stays the same from run to run, so an OAuth2
	// credential made in the editor keeps its client secret valid after a restart.
	const sandbox = await startSandbox({
		...portalProfile('cloud'),
		port: sandboxPort,
		host: '127.0.0.1',
		allowHttpWebhooks: true,
		clientSecret: persistentSecret(userFolder, 'sandbox-client-secret'),
		redirectUri: `http://localhost:${port}/rest/oauth2-credential/callback`,
	});
	console.log(`  ${sandbox.baseUrl}`);

	// Filled in once n8n runs; the Ctrl-C handler is installed before, to cover the whole start-up.
	const running: { server?: N8nServer } = {};
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) {
			// A second Ctrl-C: do not wait for n8n's graceful shutdown any longer.
			running.server?.process.kill('SIGKILL');
			process.exit(130);
		}
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the sandbox …`);
		await running.server?.stop();
		await sandbox.close();
		console.log('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	step(`Installing the package into n8n and importing credentials and example workflows`);
	const workflows = startExampleWorkflows(portalWebhookUrl !== undefined);
	const credentials = await credentialsFor(sandbox, portalWebhookUrl);
	await prepareUserFolder(cli, { credentials, workflows });
	console.log(`  ${NODE_TYPE}; ${workflows.length} workflows; ${credentials.length} credentials`);

	step(`Starting n8n on port ${port}`);
	const server = await startN8n({ ...cli.options, port, echo: true });
	running.server = server;
	await ensureOwner(server.url);
	console.log(banner(`http://localhost:${port}`, sandbox, portalWebhookUrl));

	// If n8n dies on its own, there is nothing left to serve: take the sandbox down too.
	server.process.on('exit', (code) => {
		if (stopping) return;
		console.error(`n8n exited (${code}).`);
		void sandbox.close().then(() => process.exit(code ?? 1));
	});
}

main().catch((error) => {
	console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
