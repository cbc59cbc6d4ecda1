/**
 * The README's installation for n8n installed with npm, run as a reader would: the block under
 * "n8n installed with npm", exactly as written (no flag it does not show), with its one
 * placeholder, `/path/to/this-repository`, set to a fresh copy of this repository, and `~` to an
 * empty folder that then serves as the test runtime's user folder. Then n8n, restarted on that
 * folder, loads the node and runs a Get with it against the sandbox, also with
 * N8N_UNVERIFIED_PACKAGES_ENABLED=false (n8n 3.0's default), which n8n 2.41 applies only to
 * installs through n8n.
 *
 * The copy's `npm ci` takes minutes. npm keeps its own cache and configuration: HOME moves only
 * so that `~` means the test's user folder.
 */
import { randomBytes } from 'crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { basename, join } from 'path';
import { testedBlock } from '../docs/tested-blocks';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { PACKAGE_NAME } from './community-package';
import { webhookCredential, writeCredentialsFile } from './credentials';
import { bitrix24Output, COMMAND_TIMEOUT_MS, expectSuccess, SETUP_TIMEOUT_MS } from './e2e-fixture';
import { ensureRuntime } from './ensure-runtime';
import { N8nCli } from './n8n-cli';
import { cleanNpmEnv, runCommand, type RunResult } from './run-command';
import { PROJECT_DIR } from './runtime';
import { exampleWorkflow, workflowId, writeWorkflowFolder } from './workflows';

const PLACEHOLDER = '/path/to/this-repository';
/** What a clone holds that the copy leaves out: installs, builds and outputs. */
const NOT_IN_A_CLONE = new Set(['node_modules', '.n8n-runtime', 'dist', 'test-results', '.git']);

const block = testedBlock(readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8'), 'install-with-npm');
let repository: string;
let home: string;
let run: RunResult;
let sandbox: Sandbox;
/** One key for the user folder: n8n reads its credentials only with the key that saved them. */
const ENCRYPTION_KEY = randomBytes(24).toString('hex');

/** This repository as a clone has it: its files, without what installs and builds make. */
function copyOfRepository(): string {
	const dir = mkdtempSync(join(tmpdir(), 'readme-repository-'));
	cpSync(PROJECT_DIR, dir, {
		recursive: true,
		filter: (source) => {
			const name = basename(source);
			return source === PROJECT_DIR || (!NOT_IN_A_CLONE.has(name) && !name.endsWith('.tgz'));
		},
	});
	return dir;
}

beforeAll(async () => {
	await ensureRuntime();
	repository = copyOfRepository();
	home = mkdtempSync(join(tmpdir(), 'readme-home-'));
	const script = block.code.split(PLACEHOLDER).join(repository);
	const npm = await runCommand('npm', ['config', 'get', 'cache'], { env: cleanNpmEnv() });
	run = await runCommand('bash', ['-euo', 'pipefail', '-c', script], {
		cwd: home,
		env: {
			...cleanNpmEnv(),
			HOME: home,
			npm_config_cache: npm.stdout.trim(),
			npm_config_userconfig: join(homedir(), '.npmrc'),
		},
		timeoutMs: SETUP_TIMEOUT_MS,
	});
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await sandbox?.close();
	for (const dir of [repository, home]) if (dir) rmSync(dir, { recursive: true, force: true });
});

it('is a shell block whose only placeholder is the repository path', () => {
	expect(block.language).toBe('sh');
	expect(block.code).toContain(PLACEHOLDER);
	expect(block.code.split(PLACEHOLDER).join('')).not.toMatch(/\/path\/to|YOUR-|<[a-z]/i);
});

it("installs the package into ~/.n8n/nodes and nothing of n8n's own", () => {
	if (run.code !== 0)
		throw new Error(`the README's block exited with ${run.code}:\n${run.stderr.slice(-3000)}`);
	const installed = join(home, '.n8n', 'nodes', 'node_modules');
	expect(existsSync(join(installed, PACKAGE_NAME, 'package.json'))).toBe(true);
	// n8n brings n8n-workflow; a second copy would be a different module than n8n's.
	expect(existsSync(join(installed, 'n8n-workflow'))).toBe(false);
});

describe.each([
	['with unverified packages allowed', 'true'],
	["with N8N_UNVERIFIED_PACKAGES_ENABLED=false, n8n 3.0's default", 'false'],
])('n8n restarted on that user folder, %s', (_label, unverified) => {
	it(
		'loads the node and runs a Get with it',
		async () => {
			const cli = new N8nCli({
				userFolder: home,
				encryptionKey: ENCRYPTION_KEY,
				settings: { N8N_UNVERIFIED_PACKAGES_ENABLED: unverified },
			});
			const dir = mkdtempSync(join(tmpdir(), 'readme-import-'));
			try {
				writeCredentialsFile(join(dir, 'credentials.json'), [
					webhookCredential(sandbox.webhookUrl),
				]);
				writeWorkflowFolder(join(dir, 'workflows'), [exampleWorkflow('get', 'webhook')]);
				await cli.importCredentials(join(dir, 'credentials.json'));
				await cli.importWorkflowFolder(join(dir, 'workflows'));
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
			const result = await cli.execute(workflowId('get', 'webhook'));
			expectSuccess(result);
			expect(bitrix24Output(result).map((item) => item.companyId)).toEqual([7, 8, 9]);
		},
		COMMAND_TIMEOUT_MS,
	);
});
