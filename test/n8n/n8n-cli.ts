/**
 * n8n's own command line on one user folder: import credentials and workflows, execute a
 * workflow, export credentials. Every command's output is kept in `transcript`, so tests can
 * prove that no secret ever reached n8n's log.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { spawn } from 'child_process';
import { N8N_ENTRY, NODE_BIN, n8nEnv, type N8nEnvOptions } from './runtime';
import { runCommand, type RunResult } from './run-command';

/** Booting n8n (and migrating a new database) takes seconds; a stuck command must not hang us. */
const COMMAND_TIMEOUT_MS = 180_000;

export interface ExecuteResult {
	code: number | null;
	/** Everything `n8n execute --rawOutput` printed. */
	text: string;
	/** The run as n8n printed it (`{data: {resultData: …}}`), when it printed one. */
	run?: N8nRun;
}

export interface N8nRun {
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
	status?: string;
	[key: string]: unknown;
}

export class N8nCli {
	transcript = '';

	constructor(readonly options: N8nEnvOptions) {}

	get env(): NodeJS.ProcessEnv {
		return n8nEnv(this.options);
	}

	async run(args: string[]): Promise<RunResult> {
		const result = await runCommand(NODE_BIN, [N8N_ENTRY, ...args], {
			env: this.env,
			timeoutMs: COMMAND_TIMEOUT_MS,
		});
		this.transcript += `$ n8n ${args.join(' ')}\n${result.stdout}\n${result.stderr}\n`;
		return result;
	}

	async runOrThrow(args: string[]): Promise<RunResult> {
		const result = await this.run(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`,
			);
		}
		return result;
	}

	/** Plain `data` in the file; n8n encrypts it with the user folder's key. Same id = update. */
	importCredentials(file: string): Promise<RunResult> {
		return this.runOrThrow(['import:credentials', `--input=${file}`]);
	}

	importWorkflow(file: string): Promise<RunResult> {
		return this.runOrThrow(['import:workflow', `--input=${file}`]);
	}

	/** Every `*.json` in a folder, one workflow each. */
	importWorkflowFolder(dir: string): Promise<RunResult> {
		return this.runOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Activates a workflow's triggers (n8n 2.x says "publish"); a running main picks it up at start. */
	publishWorkflow(workflowId: string): Promise<RunResult> {
		return this.runOrThrow(['publish:workflow', `--id=${workflowId}`]);
	}

	/**
	 * `n8n execute --id=X --rawOutput`. Its stdout goes to a file, not a pipe: n8n exits right after
	 * printing the run and a pipe can lose the end.
	 */
	async execute(workflowId: string): Promise<ExecuteResult> {
		const dir = mkdtempSync(join(tmpdir(), 'n8n-execute-'));
		const outFile = join(dir, 'stdout.txt');
		const fd = openSync(outFile, 'w');
		try {
			const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
				(resolve, reject) => {
					const child = spawn(
						NODE_BIN,
						[N8N_ENTRY, 'execute', `--id=${workflowId}`, '--rawOutput'],
						{
							env: this.env,
							stdio: ['ignore', fd, 'pipe'],
						},
					);
					let err = '';
					child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
					const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
					child.on('error', reject);
					child.on('close', (exitCode) => {
						clearTimeout(timer);
						resolve({ code: exitCode, stderr: err });
					});
				},
			);
			closeSync(fd);
			const text = readFileSync(outFile, 'utf8');
			this.transcript += `$ n8n execute --id=${workflowId} --rawOutput\n${text}\n${stderr}\n`;
			return { code, text: `${text}\n${stderr}`, run: parseRun(text) };
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}

	/** The stored credentials, decrypted: how tests read what n8n saved (e.g. rotated tokens). */
	async exportCredentials(): Promise<
		Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>
	> {
		const dir = mkdtempSync(join(tmpdir(), 'n8n-export-'));
		try {
			const file = join(dir, 'credentials.json');
			await this.runOrThrow(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
			return JSON.parse(readFileSync(file, 'utf8'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}
}

/**
 * The run is the one top-level JSON object in the output; log lines may surround it (with
 * `Execution error:` before it when the workflow failed).
 */
export function parseRun(text: string): N8nRun | undefined {
	const start = text.indexOf('\n{') >= 0 ? text.indexOf('\n{') + 1 : text.startsWith('{') ? 0 : -1;
	if (start < 0) return undefined;
	const end = text.lastIndexOf('\n}');
	if (end < start) return undefined;
	try {
		return JSON.parse(text.slice(start, end + 2)) as N8nRun;
	} catch {
		return undefined;
	}
}
