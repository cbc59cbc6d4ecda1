/**
 * `npm run sandbox`: runs the sandbox in the foreground. A launcher can fix the port, webhook
 * secret and OAuth client by flags or environment, and read the `SANDBOX_READY {json}` line.
 */
import { isProfileName, portalProfile } from './profiles';
import { startSandbox } from './server';

function flag(name: string): string | undefined {
	const args = process.argv.slice(2);
	const i = args.indexOf(`--${name}`);
	if (i !== -1) return args[i + 1];
	const inline = args.find((a) => a.startsWith(`--${name}=`));
	return inline?.slice(name.length + 3);
}

/** `crm,user`: the default webhook's scopes as ticked in Bitrix24; unset keeps the default. */
function scopeFlag(text: string | undefined): string[] | undefined {
	if (text === undefined) return undefined;
	return text
		.split(',')
		.map((scope) => scope.trim())
		.filter(Boolean);
}

function planFlag(text: string | undefined): 'commercial' | 'free' | undefined {
	if (text === undefined || text === 'commercial' || text === 'free') return text;
	throw new Error(`Invalid plan: ${text} (commercial or free)`);
}

async function main(): Promise<void> {
	const portText = flag('port') ?? process.env.SANDBOX_PORT ?? '8024';
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`Invalid port: ${portText}`);
	const seed = flag('seed') ?? process.env.SANDBOX_SEED;
	const profile = flag('profile') ?? process.env.SANDBOX_PROFILE ?? 'cloud';
	if (!isProfileName(profile))
		throw new Error(`Invalid profile: ${profile} (cloud, self-hosted or bare)`);
	const speedupText = flag('speedup') ?? process.env.SANDBOX_SPEEDUP ?? '1';
	const speedup = Number(speedupText);
	if (!Number.isFinite(speedup) || speedup <= 0) throw new Error(`Invalid speedup: ${speedupText}`);
	const sandbox = await startSandbox({
		...portalProfile(profile, speedup),
		port,
		host: flag('host') ?? process.env.SANDBOX_HOST,
		webhookSecret: flag('secret') ?? process.env.SANDBOX_WEBHOOK_SECRET,
		clientId: flag('client-id') ?? process.env.SANDBOX_CLIENT_ID,
		clientSecret: flag('client-secret') ?? process.env.SANDBOX_CLIENT_SECRET,
		redirectUri: flag('redirect-uri') ?? process.env.SANDBOX_REDIRECT_URI,
		seed: seed === 'empty' ? 'empty' : 'demo',
		webhookScope: scopeFlag(flag('webhook-scope') ?? process.env.SANDBOX_WEBHOOK_SCOPE),
		plan: planFlag(flag('plan') ?? process.env.SANDBOX_PLAN),
		// A self-hosted portal with REST_APAUTH_ALLOW_HTTP, since the sandbox speaks only HTTP;
		// --https-only answers webhook calls as a portal without it does.
		allowHttpWebhooks:
			!process.argv.includes('--https-only') && process.env.SANDBOX_HTTPS_ONLY !== '1',
	});
	const ready = {
		baseUrl: sandbox.baseUrl,
		port: sandbox.port,
		webhookUrl: sandbox.webhookUrl,
		userId: sandbox.userId,
		clientId: sandbox.oauth.clientId,
		clientSecret: sandbox.oauth.clientSecret,
		authorizeUrl: sandbox.oauth.authorizeUrl,
		tokenUrl: sandbox.oauth.tokenUrl,
		restUrl: sandbox.oauth.restUrl,
		redirectUri: sandbox.oauth.redirectUri,
		controlUrl: sandbox.controlUrl,
	};
	console.log(
		[
			`Bitrix24 sandbox is running as a ${profile} portal${speedup === 1 ? '' : `, its clock ${speedup} times faster`}`,
			`  Webhook URL:          ${ready.webhookUrl}`,
			`  OAuth client ID:      ${ready.clientId}`,
			`  OAuth client secret:  ${ready.clientSecret}`,
			`  OAuth authorize URL:  ${ready.authorizeUrl}`,
			`  OAuth token URL:      ${ready.tokenUrl}`,
			`  OAuth REST endpoint:  ${ready.restUrl}`,
			`  Control API:          ${ready.controlUrl}`,
			'Stop with Ctrl+C.',
		].join('\n'),
	);
	console.log(`SANDBOX_READY ${JSON.stringify(ready)}`);

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
	console.error(`Bitrix24 sandbox failed to start: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
});
