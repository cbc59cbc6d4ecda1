/**
 * Where the real n8n and its Node.js live, and which versions they are. Shared by `npm start`
 * and the end-to-end tests so both run exactly the same n8n.
 *
 * Each n8n gets a private Node.js from the npm registry (package `node`), because n8n 2.x needs
 * Node.js 24 and n8n 1.x at most 22, while the project itself runs on the machine's Node (20 or
 * later). The first tested version lives at the top of the ignored folder `.n8n-runtime/`; every
 * other one in `.n8n-runtime/n8n-<version>/`.
 */
import { existsSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { cleanNpmEnv } from './run-command';

export interface RuntimeSpec {
	n8n: string;
	/** The Node.js major the n8n version runs on (its `engines.node`). */
	nodeMajor: number;
	/** npm `overrides` for the install folder: replacements for dependencies that cannot be fetched here. */
	overrides?: Record<string, string>;
}

/**
 * The n8n versions the end-to-end suite runs on; the first is the one `npm start` runs.
 * 2.41.3, the newest 2.x, does not resolve from the registry (a pinned dependency is missing);
 * 2.41.1 does. 1.85 is the first n8n whose n8n-workflow exports `NodeConnectionTypes`, which the
 * node reads when n8n loads it.
 */
export const TESTED_RUNTIMES: readonly RuntimeSpec[] = [
	{ n8n: '2.41.1', nodeMajor: 24 },
	{
		n8n: '1.85.4',
		nodeMajor: 22,
		// n8n-nodes-base 1.84 takes xlsx from the vendor's own server, which is not reachable here;
		// the registry's last xlsx stands in (only the Spreadsheet File node uses it).
		overrides: { xlsx: '0.18.5' },
	},
];

export const PROJECT_DIR = resolve(__dirname, '..', '..');
export const RUNTIME_ROOT = join(PROJECT_DIR, '.n8n-runtime');

export interface N8nRuntime extends RuntimeSpec {
	dir: string;
	nodeDir: string;
	n8nDir: string;
	/** Written last by the installer: its presence with matching versions means "installed". */
	markerFile: string;
	nodeBinDir: string;
	nodeBin: string;
	n8nEntry: string;
}

export function runtimeFor(n8nVersion: string): N8nRuntime {
	const spec = TESTED_RUNTIMES.find((runtime) => runtime.n8n === n8nVersion);
	if (!spec) {
		throw new Error(
			`n8n ${n8nVersion} is not a tested version (${TESTED_RUNTIMES.map((r) => r.n8n).join(', ')})`,
		);
	}
	const dir = spec === TESTED_RUNTIMES[0] ? RUNTIME_ROOT : join(RUNTIME_ROOT, `n8n-${spec.n8n}`);
	const nodeDir = join(dir, `node${spec.nodeMajor}`);
	const n8nDir = join(dir, 'n8n');
	const nodeBinDir = join(nodeDir, 'node_modules', 'node', 'bin');
	return {
		...spec,
		dir,
		nodeDir,
		n8nDir,
		markerFile: join(dir, 'installed.json'),
		nodeBinDir,
		nodeBin: join(nodeBinDir, 'node'),
		n8nEntry: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** The n8n this process runs: `N8N_E2E_VERSION` picks another tested version. */
export const RUNTIME = runtimeFor(process.env.N8N_E2E_VERSION || TESTED_RUNTIMES[0].n8n);

export const N8N_VERSION = RUNTIME.n8n;
export const N8N_MAJOR = Number(RUNTIME.n8n.split('.')[0]);
export const RUNTIME_DIR = RUNTIME.dir;
export const NODE_BIN = RUNTIME.nodeBin;
export const N8N_ENTRY = RUNTIME.n8nEntry;

export interface RuntimeMarker {
	node: string;
	n8n: string;
	installedAt: string;
	installSeconds?: number;
}

export function readMarker(runtime: N8nRuntime = RUNTIME): RuntimeMarker | undefined {
	if (!existsSync(runtime.markerFile)) return undefined;
	try {
		return JSON.parse(readFileSync(runtime.markerFile, 'utf8')) as RuntimeMarker;
	} catch {
		return undefined;
	}
}

/** True when the marker names the wanted versions and the binaries are still there. */
export function runtimeIsInstalled(runtime: N8nRuntime = RUNTIME): boolean {
	const marker = readMarker(runtime);
	return (
		marker?.n8n === runtime.n8n &&
		marker.node.startsWith(`v${runtime.nodeMajor}.`) &&
		existsSync(runtime.nodeBin) &&
		existsSync(runtime.n8nEntry)
	);
}

/** PATH with the runtime's Node first, so npm and any child n8n spawns run under it. */
export function pathWithRuntimeNode(runtime: N8nRuntime = RUNTIME): string {
	return [runtime.nodeBinDir, process.env.PATH ?? ''].join(':');
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
	/** Set last, over the defaults: a test's settings (e.g. N8N_SSRF_PROTECTION_ENABLED), queue mode's database, Redis and health-check settings. */
	settings?: NodeJS.ProcessEnv;
}

/** The environment every n8n command gets (the set measured to work). */
export function n8nEnv(options: N8nEnvOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...cleanNpmEnv(),
		PATH: pathWithRuntimeNode(),
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
	for (const key of [
		'NODE_ENV',
		'NODE_OPTIONS',
		'JEST_WORKER_ID',
		'TS_NODE_PROJECT',
		'TS_NODE_TRANSPILE_ONLY',
	]) {
		delete env[key];
	}
	if (options.logFile) {
		env.N8N_LOG_OUTPUT = 'console,file';
		// Relative to n8n's own folder: n8n 1.x joins even an absolute location onto that folder.
		env.N8N_LOG_FILE_LOCATION = relative(join(options.userFolder, '.n8n'), options.logFile);
	}
	return { ...env, ...options.settings };
}
