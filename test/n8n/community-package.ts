/**
 * Puts this package into an n8n user folder the way n8n's Community Nodes panel does: the
 * `npm pack` tarball installed with npm into `<N8N_USER_FOLDER>/.n8n/nodes`, a folder with a
 * package.json of its own. So the node n8n loads is the published artifact (only `dist/`, the
 * `n8n` section of package.json), with the type name real users get.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PROJECT_DIR, pathWithRuntimeNode } from './runtime';
import { cleanNpmEnv, runOrThrow } from './run-command';

const packageJson = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as {
	name: string;
};

export const PACKAGE_NAME = packageJson.name;
/** `<package>.<node name>`: what saved workflows reference. */
export const NODE_TYPE = `${PACKAGE_NAME}.bitrix24`;

/** `npm run build`, shown to the user (npm start) or captured (tests). */
export async function buildPackage(output: 'inherit' | 'capture' = 'inherit'): Promise<void> {
	await runOrThrow('npm', ['run', 'build'], { cwd: PROJECT_DIR, env: cleanNpmEnv(), output });
}

/** Installs the package from the current `dist/` into `<userFolder>/.n8n/nodes`. */
export async function installIntoN8n(userFolder: string): Promise<void> {
	if (!existsSync(join(PROJECT_DIR, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const packDir = mkdtempSync(join(tmpdir(), 'bitrix24-pack-'));
	try {
		const { stdout } = await runOrThrow(
			'npm',
			['pack', '--ignore-scripts', '--json', '--pack-destination', packDir],
			{ cwd: PROJECT_DIR, env: cleanNpmEnv() },
		);
		const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		if (!existsSync(join(nodesDir, 'package.json'))) {
			writeFileSync(
				join(nodesDir, 'package.json'),
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
			);
		}
		// A tarball with an unchanged version would count as already installed: start clean.
		rmSync(join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
		// The flags n8n's own installer uses; n8n supplies n8n-workflow (a peer dependency) itself.
		await runOrThrow(
			'npm',
			[
				'install',
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				join(packDir, filename),
			],
			{ cwd: nodesDir, env: { ...cleanNpmEnv(), PATH: pathWithRuntimeNode() } },
		);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}
