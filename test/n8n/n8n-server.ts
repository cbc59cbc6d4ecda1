/**
 * `n8n start` (or another long-running n8n command, such as a queue-mode `worker`) as a child
 * process: started with the shared environment, ready when its readiness endpoint answers, stopped
 * with SIGTERM (n8n shuts down gracefully) and SIGKILL if it takes too long.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream } from 'fs';

import { sleep } from 'n8n-workflow';

import { N8N_ENTRY, NODE_BIN, n8nEnv, type N8nEnvOptions } from './runtime';

export interface N8nServer {
	url: string;
	process: ChildProcess;
	/** Everything the server printed so far (tests search it for leaked secrets). */
	output(): string;
	stop(): Promise<void>;
}

export interface StartOptions extends N8nEnvOptions {
	port: number;
	/** Also show n8n's output live (npm start); otherwise it is only collected. */
	echo?: boolean;
	/** Also append n8n's output to this file. */
	outputFile?: string;
	readyTimeoutMs?: number;
	/** n8n's command and flags; `start` unless given (e.g. `['worker', '--concurrency=5']`). */
	command?: string[];
	/** Polled until it answers 200; the main server's `/healthz/readiness` unless given (a worker's health server). */
	readyUrl?: string;
}

export async function startN8n(options: StartOptions): Promise<N8nServer> {
	const url = `http://127.0.0.1:${options.port}`;
	const readyUrl = options.readyUrl ?? `${url}/healthz/readiness`;
	const child = spawn(NODE_BIN, [N8N_ENTRY, ...(options.command ?? ['start'])], {
		env: n8nEnv(options),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const file = options.outputFile
		? createWriteStream(options.outputFile, { flags: 'a' })
		: undefined;
	const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
		output += chunk.toString();
		file?.write(chunk);
		if (options.echo) stream.write(chunk);
	};
	child.stdout!.on('data', collect(process.stdout));
	child.stderr!.on('data', collect(process.stderr));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	let hasExited = false;
	void exited.then(() => (hasExited = true));

	const stop = async () => {
		if (!hasExited) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(killer);
		}
		file?.end();
	};

	const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
	while (Date.now() < deadline) {
		if (hasExited) {
			throw new Error(
				`n8n exited before it was ready:\n${output.split('\n').slice(-30).join('\n')}`,
			);
		}
		try {
			// n8n 1.x reports ready once its database is migrated, a moment before its REST routes exist.
			// Each probe is bounded: something else on the port may accept and never answer.
			// A worker (its own readiness URL) serves no REST routes.
			const probe = (target: string) => fetch(target, { signal: AbortSignal.timeout(5_000) });
			const [readiness, settings] = await Promise.all([
				probe(readyUrl),
				options.readyUrl ? undefined : probe(`${url}/rest/settings`),
			]);
			const routesUp =
				!settings || (settings.ok && (settings.headers.get('content-type') ?? '').includes('json'));
			await Promise.all([readiness.body?.cancel(), settings?.body?.cancel()]);
			if (readiness.ok && routesUp) return { url, process: child, output: () => output, stop };
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	await stop();
	throw new Error(
		`n8n did not answer ${readyUrl} and /rest/settings in time:\n${output.split('\n').slice(-30).join('\n')}`,
	);
}
