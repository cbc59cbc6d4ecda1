/**
 * A lighter, lasting test set-up: Debian's packages come without their recommended extras, and
 * the test runtime's npm installs keep working when npm enforces its install-script policy
 * (npm 11's `allowScripts`; `--strict-allow-scripts` turns today's warning into the refusal).
 * Installs Node.js from the registry (npm's cache serves it after `npm run e2e:setup`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { aptInstallArgs } from './debian-packages';
import { runtimeManifests } from './ensure-runtime';
import { cleanNpmEnv, runCommand } from './run-command';
import { RUNTIME } from './runtime';

const INSTALL_TIMEOUT_MS = 5 * 60_000;

it('asks apt-get for the packages alone, without recommended extras', () => {
	expect(aptInstallArgs(['chromium', 'redis-server'])).toEqual([
		'install',
		'-y',
		'-qq',
		'--no-install-recommends',
		'chromium',
		'redis-server',
	]);
});

it('allows the install scripts the runtime needs, and only those', () => {
	const manifests = runtimeManifests(RUNTIME);
	expect(manifests.node.allowScripts).toEqual({ node: true });
	expect(manifests.n8n.allowScripts).toEqual({ sqlite3: true });
});

/** npm 11 knows the setting (it prints `false`); older npm prints `undefined` and has no policy. */
async function npmEnforcesOnRequest(): Promise<boolean> {
	const { stdout } = await runCommand('npm', ['config', 'get', 'strict-allow-scripts'], {
		env: cleanNpmEnv(),
	});
	return stdout.trim() === 'false';
}

/** `npm install node@MAJOR` the way ensure-runtime does it, with the policy enforced. */
async function installNode(manifest: Record<string, unknown>) {
	const dir = mkdtempSync(join(tmpdir(), 'runtime-node-'));
	try {
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...manifest }));
		const install = await runCommand(
			'npm',
			[
				'install',
				'--strict-allow-scripts',
				'--ignore-scripts=false',
				'--no-audit',
				'--no-fund',
				`node@${RUNTIME.nodeMajor}`,
			],
			{ cwd: dir, env: cleanNpmEnv(), timeoutMs: INSTALL_TIMEOUT_MS },
		);
		const version =
			install.code === 0
				? await runCommand(join(dir, 'node_modules', 'node', 'bin', 'node'), ['--version'])
				: undefined;
		return { install, version: version?.stdout.trim() };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

it(
	"installs Node.js with npm enforcing allowScripts, thanks to the runtime folder's entry",
	async () => {
		if (!(await npmEnforcesOnRequest())) {
			console.log('This npm has no install-script policy to enforce; nothing to check.');
			return;
		}
		const allowed = await installNode(runtimeManifests(RUNTIME).node);
		expect(allowed.install.code).toBe(0);
		expect(allowed.version).toMatch(new RegExp(`^v${RUNTIME.nodeMajor}\\.`));

		// Without the entry the same install is refused: the entry is what keeps it working.
		const refused = await installNode({ name: 'n8n-runtime-node' });
		expect(refused.install.code).not.toBe(0);
		expect(`${refused.install.stdout}${refused.install.stderr}`).toContain('ESTRICTALLOWSCRIPTS');
	},
	2 * INSTALL_TIMEOUT_MS,
);
