/**
 * Where the real n8n and its Node.js live, and which versions they are. Shared by `npm start`
 * and the end-to-end tests so both run exactly the same n8n.
 *
 * n8n 2.x needs Node.js 24 while the project itself runs on the machine's Node (20 or later), so
 * n8n gets a private Node 24 from the npm registry (package `node`) in the ignored folder
 * `.n8n-runtime/` (see notes/real-n8n.md).
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { cleanNpmEnv } from './run-command';

/** 2.41.3 does not resolve from the registry (a pinned dependency is missing); 2.41.1 does. */
export const N8N_VERSION = '2.41.1';
export const NODE_MAJOR = 24;

export const PROJECT_DIR = resolve(__dirname, '..', '..');
export const RUNTIME_DIR = join(PROJECT_DIR, '.n8n-runtime');
export const NODE_DIR = join(RUNTIME_DIR, 'node24');
export const N8N_DIR = join(RUNTIME_DIR, 'n8n');
/** Written last by the installer: its presence with matching versions means "installed". */
export const MARKER_FILE = join(RUNTIME_DIR, 'installed.json');

export const NODE_BIN_DIR = join(NODE_DIR, 'node_modules', 'node', 'bin');
export const NODE_BIN = join(NODE_BIN_DIR, 'node');
export const N8N_ENTRY = join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

export interface RuntimeMarker {
	node: string;
	n8n: string;
	installedAt: string;
	installSeconds?: number;
}

export function readMarker(): RuntimeMarker | undefined {
	if (!existsSync(MARKER_FILE)) return undefined;
	try {
		return JSON.parse(readFileSync(MARKER_FILE, 'utf8')) as RuntimeMarker;
	} catch {
		return undefined;
	}
}

/** True when the marker names the wanted versions and the binaries are still there. */
export function runtimeIsInstalled(): boolean {
	const marker = readMarker();
	return (
		marker?.n8n === N8N_VERSION &&
		marker.node.startsWith(`v${NODE_MAJOR}.`) &&
		existsSync(NODE_BIN) &&
		existsSync(N8N_ENTRY)
	);
}

/** PATH with Node 24 first, so npm and any child n8n spawns run under it. */
export function pathWithNode24(): string {
	return [NODE_BIN_DIR, process.env.PATH ?? ''].join(':');
}

export interface N8nEnvOptions {
	/** N8N_USER_FOLDER: n8n keeps `.n8n/` (database, config, community nodes) inside it. */
	userFolder: string;
	/** Must be the same for every command on one user folder, or stored credentials cannot be read. */
	encryptionKey: string;
	port?: number;
	/** The internal JS task runner's broker (n8n's default 5679); two n8n processes need two. */
	brokerPort?: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Also write n8n's log to this file, so tests can search it for leaked secrets. */
	logFile?: string;
	/** Set last, over the defaults: e.g. queue mode's database, Redis and health-check settings. */
	extraEnv?: NodeJS.ProcessEnv;
}

/** The environment every n8n command gets (the set measured to work in notes/real-n8n.md). */
export function n8nEnv(options: N8nEnvOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...cleanNpmEnv(),
		PATH: pathWithNode24(),
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(options.port ?? 5678),
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort ?? (options.port ?? 5678) + 1),
		// No calls home: the machine reaches only the npm registry and Debian's mirrors.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// Its refresh task fetches api.n8n.io and logs a stack trace when that is unreachable.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// How community packages are installed today; set so n8n does not warn about the default.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// The editor is served over plain http on localhost.
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		// Keep stored executions of every outcome, so a failed run can be inspected.
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
	};
	// What a test runner or ts-node sets must not reach n8n: with jest's NODE_ENV=test n8n's
	// logger stays silent, so `execute --rawOutput` prints nothing.
	for (const key of ['NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID', 'TS_NODE_PROJECT', 'TS_NODE_TRANSPILE_ONLY']) {
		delete env[key];
	}
	if (options.logFile) {
		env.N8N_LOG_OUTPUT = 'console,file';
		env.N8N_LOG_FILE_LOCATION = options.logFile;
	}
	return { ...env, ...options.extraEnv };
}
