/**
 * Runs `npm run start:queue`'s script as a user would (a child process, stopped with Ctrl-C's
 * SIGINT) for the queue-mode test and `npm run bench:queue`, on free ports and a data folder of
 * their own, and tells what, if anything, outlived it.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { freePorts } from '../free-port';
import { PROJECT_DIR } from '../runtime';
import { cleanNpmEnv } from '../run-command';
import { processTree, stillRunning, type ProcessInfo } from './process-tree';
import { findReadyInfo, type QueueReadyInfo } from './ready';

export interface LaunchOptions {
	dataDir: string;
	/** SANDBOX_RATE_LIMIT, e.g. '50/20'. */
	sandboxRateLimit?: string;
	/** SANDBOX_SPEEDUP: a cloud portal on a clock this many times faster. */
	sandboxSpeedup?: number;
	/** Build the package first (`npm run build`); the tests have built it already. */
	build?: boolean;
	/** More environment for the script and the n8n processes it starts (e.g. N8N_EXPRESSION_ENGINE). */
	env?: NodeJS.ProcessEnv;
	/** The script's whole output is also written here. */
	outputFile: string;
	readyTimeoutMs: number;
}

export interface StopOutcome {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** Processes of the stack (the script's tree, PostgreSQL's) still running after the script exited. */
	leftovers: ProcessInfo[];
	/** Ports of the stack something still listens on. */
	busyPorts: number[];
}

export interface LaunchedStack {
	info: QueueReadyInfo;
	output(): string;
	/** Ctrl-C: SIGINT to the script, then its exit; what outlived it. */
	interrupt(timeoutMs: number): Promise<StopOutcome>;
	/** Kills whatever is left (after a failed interrupt, or a test that failed half-way). */
	kill(): void;
}

export function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export function stackPorts(info: QueueReadyInfo): number[] {
	return [
		Number(new URL(info.editorUrl).port),
		Number(new URL(info.sandbox.baseUrl).port),
		info.postgres.port,
		info.redis.port,
		...info.processes.flatMap((p) => [p.brokerPort, ...(p.healthPort ? [p.healthPort] : [])]),
	];
}

/** The script and all it started: its own tree (n8n, task runners, Redis) and PostgreSQL's, which detaches. */
function stackProcesses(child: ChildProcess, info: QueueReadyInfo | undefined): ProcessInfo[] {
	return [...processTree(child.pid!, true), ...(info ? processTree(info.postgres.pid, true) : [])];
}

export async function launchQueueStack(options: LaunchOptions): Promise<LaunchedStack> {
	const [editorPort, sandboxPort] = await freePorts(2);
	const env: NodeJS.ProcessEnv = {
		...cleanNpmEnv(),
		N8N_PORT: String(editorPort),
		SANDBOX_PORT: String(sandboxPort),
		QUEUE_DATA_DIR: options.dataDir,
		...(options.sandboxRateLimit ? { SANDBOX_RATE_LIMIT: options.sandboxRateLimit } : {}),
		...(options.sandboxSpeedup ? { SANDBOX_SPEEDUP: String(options.sandboxSpeedup) } : {}),
		...options.env,
	};
	delete env.BITRIX24_WEBHOOK_URL; // the tests' stack talks to the sandbox only
	const args = [
		require.resolve('ts-node/dist/bin.js'),
		'--transpile-only',
		join('test', 'n8n', 'queue', 'start.ts'),
	];
	if (!options.build) args.push('--no-build');
	const child = spawn(process.execPath, args, {
		cwd: PROJECT_DIR,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const file = createWriteStream(options.outputFile);
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		file.write(chunk);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal })),
	);
	let info: QueueReadyInfo | undefined;
	// Every process seen so far, so that what it started and lost track of is caught too.
	const seen = new Map<string, ProcessInfo>();
	const remember = () =>
		stackProcesses(child, info).forEach((p) => seen.set(`${p.pid}:${p.startTime}`, p));

	const kill = () => {
		remember();
		for (const p of stillRunning([...seen.values()])) {
			try {
				process.kill(p.pid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
	};

	const deadline = Date.now() + options.readyTimeoutMs;
	while (!info) {
		if (child.exitCode !== null || Date.now() > deadline) {
			kill();
			file.end();
			throw new Error(
				`npm run start:queue ${child.exitCode !== null ? `exited (${child.exitCode})` : 'was not ready in time'}:\n${output.split('\n').slice(-40).join('\n')}`,
			);
		}
		remember();
		info = findReadyInfo(output);
		if (!info) await new Promise((resolve) => setTimeout(resolve, 500));
	}
	remember();
	const ready = info;

	return {
		info: ready,
		output: () => output,
		kill,
		async interrupt(timeoutMs) {
			remember();
			child.kill('SIGINT');
			const timer = setTimeout(kill, timeoutMs);
			const { code, signal } = await exited;
			clearTimeout(timer);
			file.end();
			const leftovers = stillRunning([...seen.values()]);
			const ports = stackPorts(ready);
			const free = await Promise.all(ports.map(portIsFree));
			return { code, signal, leftovers, busyPorts: ports.filter((_, i) => !free[i]) };
		},
	};
}
