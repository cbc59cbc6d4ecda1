/**
 * The lint of n8n's community-package scanner, which every package must pass to be verified:
 * after its provenance check, `@n8n/scan-community-package` runs `analyzePackage` over the source
 * the provenance names (package.json, nodes/**, credentials/**) and over the published tarball
 * (its `**\/*.js` and package.json). Both run here on what we would publish; a copy with one
 * planted violation shows that each leg does read our files.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCommand } from '../n8n/run-command';
import { PROJECT_DIR } from '../n8n/runtime';
import { packPackage, type PackedPackage } from './packed';

interface Verdict {
	passed: boolean;
	message?: string;
	details?: string;
}

const SCANNER = join(__dirname, 'scan-package.mjs');
const SCAN_TIMEOUT_MS = 120_000;

/**
 * The scanner makes a temporary folder when loaded; it goes into one we remove afterwards. Jest's
 * NODE_ENV=test must not reach it: eslint-plugin-n8n-nodes-base then pretends every file is named
 * Test.node.ts, as in its own tests.
 */
async function scan(leg: 'source' | 'tarball', folder: string): Promise<Verdict> {
	const scratch = mkdtempSync(join(tmpdir(), 'bitrix24-scan-'));
	const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: scratch };
	delete env.NODE_ENV;
	try {
		const result = await runCommand(process.execPath, [SCANNER, leg, folder], {
			cwd: PROJECT_DIR,
			env,
			timeoutMs: SCAN_TIMEOUT_MS,
		});
		if (result.code !== 0)
			throw new Error(`the scanner exited with ${result.code}: ${result.stderr}`);
		return JSON.parse(result.stdout) as Verdict;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

function describeVerdict(verdict: Verdict): string {
	return `${verdict.message ?? 'passed'}\n${verdict.details ?? ''}`;
}

/** Lines that read an environment variable and the file system, as no verified node may. */
const VIOLATION_TS =
	"\nexport const leaked = process.env.HOME + require('fs').readFileSync('/etc/hostname', 'utf8');\n";
const VIOLATION_JS =
	"\nexports.leaked = process.env.HOME + require('fs').readFileSync('/etc/hostname', 'utf8');\n";

let packed: PackedPackage;
const scratchDirs: string[] = [];

function copyOf(from: string, filter: (path: string) => boolean = () => true): string {
	const dir = mkdtempSync(join(tmpdir(), 'bitrix24-scan-copy-'));
	scratchDirs.push(dir);
	cpSync(from, dir, { recursive: true, filter });
	return dir;
}

beforeAll(async () => {
	packed = await packPackage();
}, SCAN_TIMEOUT_MS);

afterAll(() => {
	packed?.remove();
	for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the source leg (package.json, nodes/**, credentials/**)', () => {
	it(
		'passes',
		async () => {
			const verdict = await scan('source', PROJECT_DIR);
			expect(verdict.message).not.toBe('No files found to analyze');
			if (!verdict.passed) throw new Error(describeVerdict(verdict));
		},
		SCAN_TIMEOUT_MS,
	);

	it(
		'fails a copy whose node reads the environment and the file system',
		async () => {
			const skip = new Set([
				'node_modules',
				'dist',
				'.n8n-runtime',
				'test',
				'test-results',
				'.git',
			]);
			const copy = copyOf(
				PROJECT_DIR,
				(path) => !skip.has(path.slice(PROJECT_DIR.length + 1).split('/')[0]),
			);
			appendFileSync(join(copy, 'nodes', 'Bitrix24', 'Bitrix24.node.ts'), VIOLATION_TS);
			const verdict = await scan('source', copy);
			expect(verdict.passed).toBe(false);
			expect(verdict.details).toMatch(/no-restricted-globals/);
			expect(verdict.details).toMatch(/no-restricted-imports|require/);
		},
		SCAN_TIMEOUT_MS,
	);
});

describe('the tarball leg (**/*.js and package.json of npm pack)', () => {
	it(
		'passes',
		async () => {
			const verdict = await scan('tarball', packed.dir);
			expect(verdict.message).not.toBe('No files found to analyze');
			if (!verdict.passed) throw new Error(describeVerdict(verdict));
		},
		SCAN_TIMEOUT_MS,
	);

	it(
		'fails a tarball whose compiled node reads the environment',
		async () => {
			const copy = copyOf(packed.dir);
			appendFileSync(join(copy, 'dist', 'nodes', 'Bitrix24', 'Bitrix24.node.js'), VIOLATION_JS);
			const verdict = await scan('tarball', copy);
			expect(verdict.passed).toBe(false);
			expect(verdict.details).toMatch(/Bitrix24\.node\.js/);
			expect(verdict.details).toMatch(/no-restricted-globals/);
		},
		SCAN_TIMEOUT_MS,
	);
});
