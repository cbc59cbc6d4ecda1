/**
 * The end-to-end suite (test/n8n) on every tested n8n version but the first, which plain `jest`
 * has already run it on; the suites in FIRST_VERSION_ONLY run on the first version alone.
 * Part of `npm test`:
 *
 *   npx ts-node --transpile-only test/n8n/other-versions.ts
 */
import { ensureRuntime } from './ensure-runtime';
import { PROJECT_DIR, runtimeFor, TESTED_RUNTIMES } from './runtime';
import { runCommand } from './run-command';

/**
 * Suites of the first version only: queue mode (its stack uses n8n 2.x's commands), the AI tool
 * variant (made by n8n 2.x's tool-generation module), and the README's install, whose `npm ci` of
 * a copy of the repository takes minutes and does not depend on the n8n version.
 */
const FIRST_VERSION_ONLY = [
	'test/n8n/queue/',
	'test/n8n/ai-tool.test.ts',
	'test/n8n/readme-install.test.ts',
];

async function main(): Promise<void> {
	for (const { n8n } of TESTED_RUNTIMES.slice(1)) {
		await ensureRuntime(runtimeFor(n8n));
		console.log(`\n▶ The end-to-end suite on n8n ${n8n}`);
		const { code } = await runCommand(
			'npx',
			['jest', 'test/n8n', '--testPathIgnorePatterns', ...FIRST_VERSION_ONLY],
			{
				cwd: PROJECT_DIR,
				env: { ...process.env, N8N_E2E_VERSION: n8n },
				output: 'inherit',
			},
		);
		if (code !== 0) throw new Error(`the end-to-end suite failed on n8n ${n8n}`);
	}
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
