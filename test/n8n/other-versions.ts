/**
 * The end-to-end suite (test/n8n) on every tested n8n version other than the first, which plain
 * `jest` already ran it on. Queue mode (test/n8n/queue) is tested on the first version only: its
 * stack uses n8n 2.x's commands. Part of `npm test`:
 *
 *   npx ts-node --transpile-only test/n8n/other-versions.ts
 */
import { ensureRuntime } from './ensure-runtime';
import { PROJECT_DIR, runtimeFor, TESTED_RUNTIMES } from './runtime';
import { runCommand } from './run-command';

async function main(): Promise<void> {
	for (const { n8n } of TESTED_RUNTIMES.slice(1)) {
		await ensureRuntime(runtimeFor(n8n));
		console.log(`\n▶ The end-to-end suite on n8n ${n8n}`);
		const { code } = await runCommand('npx', ['jest', 'test/n8n', '--testPathIgnorePatterns', 'test/n8n/queue/'], {
			cwd: PROJECT_DIR,
			env: { ...process.env, N8N_E2E_VERSION: n8n },
			output: 'inherit',
		});
		if (code !== 0) throw new Error(`the end-to-end suite failed on n8n ${n8n}`);
	}
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
