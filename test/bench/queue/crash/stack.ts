/**
 * bench:crash's stack: `npm run start:queue`'s QueueStack (main + two workers, PostgreSQL, Redis)
 * with the Skip Unchanged webhook workflow, the sandbox as a cloud portal on the bench's clock, and
 * its stop, with what outlived it (processes, ports). It remembers what runs, so that the deadline's
 * exit and Ctrl-C leave nothing behind.
 */
import { spawnSync } from 'child_process';

import { sleep } from 'n8n-workflow';

import { portalProfile } from '../../../sandbox/profiles';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { buildPackage } from '../../../n8n/community-package';
import type { CredentialFileEntry } from '../../../n8n/credentials';
import { ensureRuntime } from '../../../n8n/ensure-runtime';
import { freePorts } from '../../../n8n/free-port';
import { credentialsFor } from '../../../n8n/instance';
import { ensureOwner } from '../../../n8n/owner';
import type { Workflow } from '../../../n8n/workflows';
import { portIsFree } from '../../../n8n/queue/launcher';
import { processTree, stillRunning, type ProcessInfo } from '../../../n8n/queue/process-tree';
import type { QueueReadyInfo } from '../../../n8n/queue/ready';
import { QueueStack } from '../../../n8n/queue/stack';
import { productionWebhookUrl, webhookSetWorkflow } from '../../../n8n/queue/webhook-workflow';
import { DOCS_TIMES, SPEEDUP } from '../../scenario';
import { portalLimits as queueScenarioLimits } from '../queue-scenario';

export const WORKERS = 2;
/** As `npm run start:queue` runs them. */
export const WORKER_CONCURRENCY = 5;
const STOP_TIMEOUT_MS = 2 * 60_000;

/** The webhook workflow of `npm run start:queue` with Skip Unchanged on, under its own id and path. */
const SKIP = {
	workflowId: 'Bx24QueueSkip001',
	path: 'bitrix24-set-skip-unchanged',
} as const;

export function skipUnchangedWebhookWorkflow(): Workflow {
	const workflow = webhookSetWorkflow();
	const nodes = workflow.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.webhook') {
			return {
				...node,
				webhookId: `${String(node.webhookId).slice(0, -4)}c24a`,
				parameters: { ...node.parameters, path: SKIP.path },
			};
		}
		if (!node.type.endsWith('.bitrix24')) return node;
		const options = (node.parameters.options ?? {}) as Record<string, unknown>;
		return {
			...node,
			parameters: { ...node.parameters, options: { ...options, skipUnchanged: true } },
		};
	});
	return {
		...workflow,
		id: SKIP.workflowId,
		name: `${workflow.name} (Skip Unchanged)`,
		nodes,
	};
}

/**
 * The bench's cloud portal (skip-unchanged.ts): the standard plan's bucket and the operating-time
 * limit on the ten-times clock, every call taking the docs' server time. A Set of 3,000 contacts is
 * held by the operating time of items.set: about two minutes.
 */
export function portalLimits() {
	return queueScenarioLimits(true, DOCS_TIMES);
}

/**
 * The sandbox credentials as `npm run start:queue` imports them: on the custom plan matching the
 * cloud portal on the bench's clock, shared by the workers.
 */
function forWorkers(credentials: CredentialFileEntry[], sandbox: Sandbox): CredentialFileEntry[] {
	const cloud = portalProfile('cloud', SPEEDUP);
	const plan = {
		rateLimitPlan: 'custom',
		requestsPerSecond: cloud.rate.drainPerSec,
		burst: cloud.rate.burst,
		operatingLimitSeconds: (cloud.operating.limitMs ?? 0) / 1000,
		operatingWindowSeconds: (cloud.operating.windowMs ?? 0) / 1000,
		sharingProcesses: WORKERS,
	};
	return credentials.map((credential) => {
		const data = credential.data;
		const atSandbox = String(data.webhookSecretUrl ?? data.portalUrl ?? '').startsWith(
			sandbox.baseUrl,
		);
		return atSandbox ? { ...credential, data: { ...data, ...plan } } : credential;
	});
}

export interface Running {
	stack: QueueStack;
	sandbox: Sandbox;
	dataDir: string;
}

/** What is running, so that the deadline's exit and Ctrl-C leave nothing behind. */
let running: Running | undefined;
/** The killed worker's children (its task runner), which SIGKILL does not take with it. */
let orphans: ProcessInfo[] = [];

/** What is running now, if anything. */
export function runningStack(): Running | undefined {
	return running;
}

/** Remembers the killed worker's children, for killOrphans and stopAll. */
export function setOrphans(children: ProcessInfo[]): void {
	orphans = children;
}

export function killOrphans(): void {
	for (const p of stillRunning(orphans)) {
		try {
			process.kill(p.pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
}

export async function startStack(dataDir: string, build: boolean): Promise<Running> {
	console.log('n8n runtime (.n8n-runtime/)');
	await ensureRuntime();
	if (build) {
		console.log('Building the package (npm run build)');
		await buildPackage('inherit');
	}
	const [editorPort, sandboxPort] = await freePorts(2);
	console.log('Starting the Bitrix24 sandbox (a cloud portal, clock ×10)');
	const sandbox = await startSandbox({
		...portalProfile('cloud', SPEEDUP),
		port: sandboxPort,
		host: '127.0.0.1',
		allowHttpWebhooks: true,
	});
	const stack = new QueueStack({
		dataDir,
		editorPort,
		workers: WORKERS,
		workerConcurrency: WORKER_CONCURRENCY,
		credentials: forWorkers(await credentialsFor(sandbox), sandbox),
		workflows: [skipUnchangedWebhookWorkflow()],
		publish: [SKIP.workflowId],
		log: (message) => console.log(message),
	});
	running = { stack, sandbox, dataDir };
	await stack.start();
	await ensureOwner(stack.editorUrl);
	return running;
}

export function readyInfo({ stack, sandbox }: Running): QueueReadyInfo {
	return {
		...stack.info(),
		webhookUrl: productionWebhookUrl(stack.editorUrl, SKIP.path),
		workflowId: SKIP.workflowId,
		sandbox: { baseUrl: sandbox.baseUrl, controlUrl: sandbox.controlUrl },
	};
}

/** The stack's ports (those launcher.ts's stackPorts checks), each with what it served. */
function namedPorts(info: QueueReadyInfo): Array<{ port: number; what: string }> {
	return [
		{ port: Number(new URL(info.editorUrl).port), what: 'editor' },
		{ port: Number(new URL(info.sandbox.baseUrl).port), what: 'sandbox' },
		{ port: info.postgres.port, what: 'PostgreSQL' },
		{ port: info.redis.port, what: 'Redis' },
		...info.processes.flatMap((p) => [
			{ port: p.brokerPort, what: `${p.name} task broker` },
			...(p.healthPort ? [{ port: p.healthPort, what: `${p.name} health` }] : []),
		]),
	];
}

/** The sockets on a port, as `ss` lists them (who holds it, in which state). */
function socketsOn(port: number): string[] {
	const result = spawnSync('ss', ['-tanpH'], { encoding: 'utf8' });
	return (result.stdout ?? '')
		.split('\n')
		.filter((line) => new RegExp(`:${port}\\s`).test(line))
		.map((line) => line.replace(/\s+/g, ' ').trim());
}

export interface StopOutcome {
	leftovers: string[];
	/** Ports of the stack something still listens on (or holds) 10 s after the stop, and the sockets. */
	busyPorts: Array<{ port: number; what: string; sockets: string[] }>;
}

/** Stops the stack in its own order (main, workers, Redis, PostgreSQL), then the sandbox; what outlived it. */
export async function stopAll(
	current: Running,
	info: QueueReadyInfo | undefined,
): Promise<StopOutcome> {
	const seen = [
		...processTree(process.pid),
		...(info ? processTree(info.postgres.pid, true) : []),
		...orphans,
	];
	const timer = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS);
	try {
		await current.stack.stop();
		await current.sandbox.close();
	} finally {
		clearTimeout(timer);
	}
	running = undefined;
	const leftovers = stillRunning([...seen, ...processTree(process.pid)]).map(
		(p) => `${p.pid} ${p.command.slice(0, 120)}`,
	);
	let busy = info ? namedPorts(info) : [];
	for (let attempt = 0; attempt < 10 && busy.length; attempt++) {
		if (attempt) await sleep(1_000);
		const free = await Promise.all(busy.map(({ port }) => portIsFree(port)));
		busy = busy.filter((_, i) => !free[i]);
	}
	return {
		leftovers,
		busyPorts: busy.map((entry) => ({ ...entry, sockets: socketsOn(entry.port) })),
	};
}
