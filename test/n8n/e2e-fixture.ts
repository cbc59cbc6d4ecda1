/**
 * One real n8n per test file: its own temporary user folder and free ports (never 5678, so the
 * tests run beside `npm start`), a fresh sandbox, this package installed from `npm pack`, and the
 * credentials and example workflows imported through n8n's CLI — the same steps as `npm start`.
 */
import { randomBytes } from 'crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { portalProfile } from '../sandbox/profiles';
import { startSandbox, type Sandbox } from '../sandbox/server';
import type { CredentialFileEntry } from './credentials';
import { ensureRuntime } from './ensure-runtime';
import { freePort } from './free-port';
import { credentialsFor, prepareUserFolder } from './instance';
import { N8nCli, type ExecuteResult } from './n8n-cli';
import { startN8n, type N8nServer } from './n8n-server';
import { ensureOwner, login } from './owner';
import { PROJECT_DIR } from './runtime';
import { allExampleWorkflows, type Workflow } from './workflows';

/** Covers a first install of n8n (about 5 minutes here) when the test command has not done it yet. */
export const SETUP_TIMEOUT_MS = 20 * 60_000;
/** One n8n CLI command boots n8n: seconds each, more on a busy 2-core machine. */
export const COMMAND_TIMEOUT_MS = 3 * 60_000;

export const ARTIFACTS_DIR = join(PROJECT_DIR, 'test-results');

export interface E2eN8n {
	sandbox: Sandbox;
	cli: N8nCli;
	userFolder: string;
	credentials: CredentialFileEntry[];
	/** n8n's own log file (N8N_LOG_FILE_LOCATION). */
	logFile: string;
	/** `n8n start` on the test's port, with an owner; returns the session cookie too. */
	startServer(): Promise<{ server: N8nServer; cookie: string }>;
	close(): Promise<void>;
}

export async function setUpN8n(extraWorkflows: Workflow[] = []): Promise<E2eN8n> {
	await ensureRuntime();
	// A cloud portal: both limits on, every call taking its docs' server time; webhooks over HTTP allowed.
	const sandbox = await startSandbox({
		...portalProfile('cloud'),
		port: 0,
		host: '127.0.0.1',
		allowHttpWebhooks: true,
	});
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	const logFile = join(userFolder, '.n8n', 'logs', 'n8n.log');
	mkdirSync(join(userFolder, '.n8n', 'logs'), { recursive: true });
	const cli = new N8nCli({
		userFolder,
		encryptionKey: randomBytes(24).toString('hex'),
		port: await freePort(),
		brokerPort: await freePort(),
		logFile,
	});
	const credentials = await credentialsFor(sandbox);
	let server: N8nServer | undefined;
	try {
		await prepareUserFolder(cli, {
			credentials,
			workflows: [...allExampleWorkflows(), ...extraWorkflows],
		});
	} catch (error) {
		await sandbox.close();
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	return {
		sandbox,
		cli,
		userFolder,
		credentials,
		logFile,
		async startServer() {
			server = await startN8n({
				...cli.options,
				port: cli.options.port!,
				outputFile: join(userFolder, 'server-output.log'),
			});
			await ensureOwner(server.url);
			return { server, cookie: await login(server.url) };
		},
		async close() {
			await server?.stop();
			await sandbox.close();
			rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/**
 * One n8n for a test file or a describe block: set up before its tests (`use` receives it) and
 * closed after them.
 */
export function useN8n(use: (n8n: E2eN8n) => void, extraWorkflows: Workflow[] = []): void {
	let n8n: E2eN8n | undefined;
	beforeAll(async () => {
		n8n = await setUpN8n(extraWorkflows);
		use(n8n);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => await n8n?.close());
}

/** The items the Bitrix24 node put out in a run printed by `n8n execute --rawOutput`. */
export function bitrix24Output(result: ExecuteResult): Array<Record<string, unknown>> {
	const runs = result.run?.data.resultData.runData.Bitrix24;
	if (!runs?.length) {
		throw new Error(
			`the run has no output of the Bitrix24 node (exit ${result.code}):\n${result.text.slice(-3000)}`,
		);
	}
	return (runs[runs.length - 1].data?.main[0] ?? []).map((item) => item.json);
}

/** Fails with n8n's own output when a workflow did not succeed, so the reason is in the test log. */
export function expectSuccess(result: ExecuteResult): void {
	const error = result.run?.data.resultData.error;
	if (result.code !== 0 || error) {
		throw new Error(
			`workflow failed (exit ${result.code}): ${error?.message ?? ''}\n${result.text.slice(-3000)}`,
		);
	}
}

/** Every file n8n wrote into the user folder except the installed package: database, logs, config. */
export function readUserFolderFiles(userFolder: string): Array<{ file: string; content: string }> {
	const files: Array<{ file: string; content: string }> = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (path === join(userFolder, '.n8n', 'nodes')) continue;
			if (statSync(path).isDirectory()) walk(path);
			// latin1 keeps every byte, so a secret stored inside binary SQLite pages is still found.
			else
				files.push({
					file: path.slice(userFolder.length + 1),
					content: readFileSync(path, 'latin1'),
				});
		}
	};
	if (existsSync(userFolder)) walk(userFolder);
	return files;
}
