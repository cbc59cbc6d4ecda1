/**
 * The sandbox in its own process, as a portal is in reality: its CPU work (50 commands a request)
 * must not share the benchmark's event loop with the node, or the figures measure their contention.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { SandboxControl } from '../sandbox/control-client';

export interface SandboxProcess {
	baseUrl: string;
	webhookUrl: string;
	control: SandboxControl;
	stop(): void;
}

const READY = 'SANDBOX_READY ';

export async function startSandboxProcess(timeoutMs = 60_000): Promise<SandboxProcess> {
	const root = join(__dirname, '..', '..');
	const child = spawn(
		process.execPath,
		[
			require.resolve('ts-node/dist/bin.js'),
			'--transpile-only',
			'test/sandbox/cli.ts',
			'--port',
			'0',
			'--host',
			'127.0.0.1',
			'--profile',
			'bare',
		],
		{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const stop = () => {
		if (child.exitCode === null) child.kill('SIGTERM');
	};
	process.once('exit', stop);
	return await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`The sandbox did not start within ${timeoutMs / 1000} s`));
		}, timeoutMs);
		let buffered = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			buffered += chunk;
			const line = buffered.split('\n').find((text) => text.startsWith(READY));
			if (!line) return;
			clearTimeout(timer);
			child.stdout.removeAllListeners('data');
			child.stdout.resume();
			const ready = JSON.parse(line.slice(READY.length)) as { baseUrl: string; webhookUrl: string };
			resolve({ ...ready, control: new SandboxControl(ready.baseUrl), stop });
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`The sandbox exited with code ${code} before it was ready`));
		});
	});
}
