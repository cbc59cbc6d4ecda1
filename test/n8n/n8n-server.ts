/**
 * `n8n start` as a child process: started with the shared environment, ready when `/healthz`
 * answers, stopped with SIGTERM (n8n shuts down gracefully) and SIGKILL if it takes too long.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream } from 'fs';
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startN8n(options: StartOptions): Promise<N8nServer> {
	const url = `http://127.0.0.1:${options.port}`;
	const child = spawn(NODE_BIN, [N8N_ENTRY, 'start'], {
		env: n8nEnv(options),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const file = options.outputFile ? createWriteStream(options.outputFile, { flags: 'a' }) : undefined;
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
			throw new Error(`n8n exited before it was ready:\n${output.split('\n').slice(-30).join('\n')}`);
		}
		try {
			// n8n 1.x reports ready once its database is migrated, a moment before its REST routes exist.
			const [readiness, settings] = await Promise.all([fetch(`${url}/healthz/readiness`), fetch(`${url}/rest/settings`)]);
			const routesUp = settings.ok && (settings.headers.get('content-type') ?? '').includes('json');
			await Promise.all([readiness.body?.cancel(), settings.body?.cancel()]);
			if (readiness.ok && routesUp) return { url, process: child, output: () => output, stop };
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	await stop();
	throw new Error(`n8n did not answer ${url}/healthz/readiness and /rest/settings in time:\n${output.split('\n').slice(-30).join('\n')}`);
}
