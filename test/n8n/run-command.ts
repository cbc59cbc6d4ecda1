/** Runs a command to completion: the one place that turns child processes into promises. */
import { spawn } from 'child_process';

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** 'inherit' shows the command's own progress to the user; 'capture' collects it for a test. */
	output?: 'inherit' | 'capture';
	/** Kill the command after this long; n8n commands that hang must not hang the suite. */
	timeoutMs?: number;
}

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export function runCommand(
	command: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: options.output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = options.timeoutMs
			? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			if (timer) clearTimeout(timer);
			resolvePromise({ code, stdout, stderr });
		});
	});
}

/** Like runCommand, but a non-zero exit is an error that carries the command's output. */
export async function runOrThrow(
	command: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	const result = await runCommand(command, args, options);
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
		throw new Error(`\`${command} ${args.join(' ')}\` exited with ${result.code}\n${tail}`);
	}
	return result;
}

/**
 * The environment for npm commands we start ourselves: without the `npm_config_*` variables an
 * outer `npm run`/`npm test` exports (the project's `ignore-scripts=true` among them), which
 * would otherwise leak into installs that need their scripts.
 */
export function cleanNpmEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(base)) {
		if (!/^npm_(config|package|lifecycle)_/i.test(key)) env[key] = value;
	}
	return env;
}
