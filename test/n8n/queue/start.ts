/**
 * `npm run start:queue`: like `npm start`, with n8n in queue mode. Our own PostgreSQL and Redis
 * (Debian's packages, installed when missing), one main process and two workers, this package
 * installed where every process loads it, the Bitrix24 sandbox behind it, the credentials and
 * example workflows imported, and a production webhook workflow published. Ctrl-C stops it all.
 *
 * Environment:
 *   BITRIX24_WEBHOOK_URL  a real portal's inbound webhook URL: a credential for it and the read-only
 *                         Get example that uses it, as for `npm start`
 *   N8N_PORT              editor and webhook port (default 5678)
 *   SANDBOX_PORT          sandbox port (default 8024)
 *   QUEUE_WORKERS         how many workers (default 2)
 *   QUEUE_DATA_DIR        where the database, the user folder and the logs live (default .n8n-runtime/queue)
 *   SANDBOX_RATE_LIMIT    the sandbox's request bucket as BURST/PER_SECOND, and no other limit
 *                         (default: a cloud portal, Bitrix24's standard plan 50/2); the sandbox
 *                         credentials get the same custom plan
 *   SANDBOX_SPEEDUP       run the cloud portal's clock N times faster (bucket, operating time,
 *                         server time), the credentials on the matching custom plan (default 1)
 *   QUEUE_SHARING_DEFAULT 1: the sandbox credentials leave n8n Processes Sharing the Portal at its
 *                         default, as a new user would (`npm run bench:queue -- --sharing default`);
 *                         otherwise they say the workers share the portal
 * Flag --no-build: use dist/ as it is (the tests build once, before they start).
 *
 * Once everything serves it prints one machine-readable line, `QUEUE_READY {json}`, for tests
 * and tools: ports, pids and log files (no secrets).
 */
import { join } from 'path';
import { portalProfile } from '../../sandbox/profiles';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { buildPackage } from '../community-package';
import type { CredentialFileEntry } from '../credentials';
import { ensureRuntime } from '../ensure-runtime';
import { credentialsFor } from '../instance';
import { DEFAULT_OWNER, ensureOwner } from '../owner';
import { RUNTIME_DIR } from '../runtime';
import { readStartEnv } from '../start-env';
import { framedBanner, step } from '../start-output';
import { PORTAL_CREDENTIAL } from '../credentials';
import { portalExampleWorkflow, startExampleWorkflows, type Workflow } from '../workflows';
import { readyLine, type QueueReadyInfo } from './ready';
import { QueueStack } from './stack';
import {
	productionWebhookUrl,
	QUEUE_WORKFLOW_ID,
	UNPACED,
	unpacedWebhookSetWorkflow,
	webhookSetWorkflow,
} from './webhook-workflow';

const WORKER_CONCURRENCY = 5;

function parseRateLimit(
	text: string | undefined,
): { burst: number; drainPerSec: number } | undefined {
	if (!text) return undefined;
	const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text.trim());
	if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
		throw new Error(`SANDBOX_RATE_LIMIT must be BURST/PER_SECOND, e.g. 50/20; got "${text}"`);
	}
	return { burst: Number(match[1]), drainPerSec: Number(match[2]) };
}

/** The credentials' custom plan where the sandbox's limits are not Bitrix24's standard cloud plan. */
function customPlan(
	rate: { burst: number; drainPerSec: number } | undefined,
	speedup: number,
): Record<string, unknown> {
	if (rate)
		return { rateLimitPlan: 'custom', requestsPerSecond: rate.drainPerSec, burst: rate.burst };
	if (speedup === 1) return {};
	const cloud = portalProfile('cloud', speedup);
	return {
		rateLimitPlan: 'custom',
		requestsPerSecond: cloud.rate.drainPerSec,
		burst: cloud.rate.burst,
		operatingLimitSeconds: (cloud.operating.limitMs ?? 0) / 1000,
		operatingWindowSeconds: (cloud.operating.windowMs ?? 0) / 1000,
	};
}

/**
 * The sandbox credentials told how many n8n processes share the portal (the workers run the
 * executions), and on a custom plan that matches the sandbox's limits when they are its own.
 * `sharingDefault`: not told, as a new user leaves the field (QUEUE_SHARING_DEFAULT=1).
 */
function forWorkers(
	credentials: CredentialFileEntry[],
	sandbox: Sandbox,
	workers: number,
	plan: Record<string, unknown>,
	sharingDefault: boolean,
): CredentialFileEntry[] {
	return credentials.map((credential) => {
		const data = credential.data;
		const atSandbox = String(data.webhookSecretUrl ?? data.portalUrl ?? '').startsWith(
			sandbox.baseUrl,
		);
		if (!atSandbox) return credential;
		const sharing = sharingDefault ? {} : { sharingProcesses: workers };
		return { ...credential, data: { ...data, ...plan, ...sharing } };
	});
}

/**
 * With QUEUE_UNPACED_BASELINE=1 (`npm run bench:queue` sets it), a copy of the webhook workflow on
 * a copy of the sandbox webhook credential with a plan the node never waits for.
 */
function unpacedBaseline(credentials: CredentialFileEntry[]): {
	credentials: CredentialFileEntry[];
	workflows: Workflow[];
} {
	if (process.env.QUEUE_UNPACED_BASELINE !== '1') return { credentials: [], workflows: [] };
	const webhook = credentials.find((credential) => credential.type === 'bitrix24WebhookApi');
	if (!webhook) throw new Error('no webhook credential to copy for the unpaced baseline');
	const copy = {
		...webhook,
		id: UNPACED.credentialId,
		name: `${webhook.name} unpaced`,
		data: { ...webhook.data, ...UNPACED.plan },
	};
	return { credentials: [copy], workflows: [unpacedWebhookSetWorkflow()] };
}

function banner(
	info: QueueReadyInfo,
	editorUrl: string,
	portalWebhookUrl: string | undefined,
): string {
	const workers = info.processes.filter((p) => p.name !== 'main');
	return framedBanner([
		` n8n (queue mode) is ready: ${editorUrl}`,
		`   Sign in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`,
		'',
		` Main takes triggers and webhooks and queues executions; ${workers.length} workers run them`,
		` (${WORKER_CONCURRENCY} at a time each). PostgreSQL on 127.0.0.1:${info.postgres.port}, Redis on 127.0.0.1:${info.redis.port}.`,
		'',
		' Production webhook → Bitrix24 Set (published; each call runs on a worker):',
		`   curl -X POST ${productionWebhookUrl(editorUrl)} -H 'content-type: application/json' \\`,
		`        -d '{"contacts":[{"contactId":82,"companies":[8,9]}]}'`,
		'   (on the sandbox)',
		' The example workflows of `npm start` are there too.',
		...(portalWebhookUrl
			? [
					` "${PORTAL_CREDENTIAL.name}" points at BITRIX24_WEBHOOK_URL. Only a Get example uses it,`,
					' so nothing changes on your portal unless you change a workflow to do so:',
					`    ${editorUrl}/workflow/${portalExampleWorkflow().id}   ${portalExampleWorkflow().name}`,
					'   (it reads contact 54: set the Contact to one of yours)',
				]
			: []),
		'',
		` Sandbox: ${info.sandbox.baseUrl}   state: ${info.sandbox.controlUrl}state`,
		` Logs:    ${join(info.dataDir, 'logs')}/{${info.processes.map((p) => p.name).join(',')}}.log`,
	]);
}

async function main(): Promise<void> {
	const { portalWebhookUrl, port, sandboxPort } = readStartEnv();
	const workers = Number(process.env.QUEUE_WORKERS ?? 2);
	const dataDir = process.env.QUEUE_DATA_DIR || join(RUNTIME_DIR, 'queue');
	const rate = parseRateLimit(process.env.SANDBOX_RATE_LIMIT);
	const speedup = Number(process.env.SANDBOX_SPEEDUP ?? 1);
	if (!(speedup > 0))
		throw new Error(`SANDBOX_SPEEDUP must be a number above 0; got ${process.env.SANDBOX_SPEEDUP}`);
	if (!Number.isInteger(workers) || workers < 1)
		throw new Error(`QUEUE_WORKERS must be a whole number ≥ 1; got ${process.env.QUEUE_WORKERS}`);

	step('n8n runtime (Node.js 24 + n8n, installed into .n8n-runtime/ on the first run)');
	await ensureRuntime();
	if (!process.argv.includes('--no-build')) {
		step('Building the package (npm run build)');
		await buildPackage('inherit');
	}

	step('Starting the Bitrix24 sandbox');
	// A cloud portal, as for `npm start`; with SANDBOX_RATE_LIMIT, only that request bucket (the
	// queue-mode test measures how the workers share it). Webhooks over HTTP are allowed
	// (REST_APAUTH_ALLOW_HTTP), as the sandbox speaks only HTTP.
	const limits = rate ? { rate: { enabled: true, ...rate } } : portalProfile('cloud', speedup);
	const sandbox = await startSandbox({
		...limits,
		port: sandboxPort,
		host: '127.0.0.1',
		allowHttpWebhooks: true,
	});
	const clock = speedup === 1 ? '' : ` (a cloud portal on a clock ${speedup} times faster)`;
	console.log(
		`  ${sandbox.baseUrl}${rate ? ` (request bucket: burst ${rate.burst}, ${rate.drainPerSec}/s)` : clock}`,
	);

	const credentials = await credentialsFor(sandbox, portalWebhookUrl);
	const baseline = unpacedBaseline(credentials);
	const stack = new QueueStack({
		dataDir,
		editorPort: port,
		workers,
		workerConcurrency: WORKER_CONCURRENCY,
		credentials: [
			...forWorkers(
				credentials,
				sandbox,
				workers,
				customPlan(rate, speedup),
				process.env.QUEUE_SHARING_DEFAULT === '1',
			),
			...baseline.credentials,
		],
		workflows: [
			...startExampleWorkflows(portalWebhookUrl !== undefined),
			webhookSetWorkflow(),
			...baseline.workflows,
		],
		publish: [QUEUE_WORKFLOW_ID, ...baseline.workflows.map((workflow) => workflow.id)],
		log: step,
	});

	let stopping = false;
	const stop = async (reason: string, code: number) => {
		if (stopping) {
			// A second Ctrl-C: no more waiting; the stack's exit handler kills what is left.
			process.exit(130);
		}
		stopping = true;
		console.log(
			`\n${reason}: stopping n8n (main, then workers), Redis, PostgreSQL and the sandbox …`,
		);
		let failed = false;
		await stack.stop().catch((error: unknown) => {
			failed = true;
			console.error(error instanceof Error ? error.message : error);
		});
		await sandbox.close();
		console.log('Stopped.');
		process.exit(failed ? 1 : code);
	};
	process.on('SIGINT', () => void stop('SIGINT', 0));
	process.on('SIGTERM', () => void stop('SIGTERM', 0));
	// A closed terminal: PostgreSQL and Redis run detached from it and would outlive us.
	process.on('SIGHUP', () => void stop('SIGHUP', 0));

	try {
		await stack.start();
	} catch (error) {
		if (stopping) return; // Ctrl-C during the start: stop() finishes the job
		console.error(
			`\nnpm run start:queue failed: ${error instanceof Error ? error.message : String(error)}`,
		);
		await stop('Start-up failed', 1);
		return;
	}
	const editorUrl = `http://localhost:${port}`;
	await ensureOwner(stack.editorUrl);
	const info: QueueReadyInfo = {
		...stack.info(),
		webhookUrl: productionWebhookUrl(stack.editorUrl),
		...(baseline.workflows.length
			? { unpacedWebhookUrl: productionWebhookUrl(stack.editorUrl, UNPACED.path) }
			: {}),
		workflowId: QUEUE_WORKFLOW_ID,
		sandbox: { baseUrl: sandbox.baseUrl, controlUrl: sandbox.controlUrl },
	};
	console.log(banner(info, editorUrl, portalWebhookUrl));
	console.log(readyLine(info));

	// A process that dies on its own leaves a stack that cannot serve: take everything down.
	for (const p of [stack.main!, ...stack.workers]) {
		p.server.process.on('exit', (code) => {
			if (!stopping) void stop(`n8n ${p.name} exited (${code}); see ${p.logFile}`, 1);
		});
	}
}

main().catch((error) => {
	console.error(
		`\nnpm run start:queue failed: ${error instanceof Error ? error.message : String(error)}`,
	);
	process.exit(1);
});
