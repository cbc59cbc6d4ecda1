/**
 * The n8n the end-to-end suite runs is the tested version it was asked for (N8N_E2E_VERSION, or
 * the first tested one), on the Node.js major that version needs.
 */
import { runOrThrow } from './run-command';
import { RUNTIME } from './runtime';

it(`runs n8n ${RUNTIME.n8n} on Node.js ${RUNTIME.nodeMajor}`, async () => {
	const node = await runOrThrow(RUNTIME.nodeBin, ['--version']);
	expect(node.stdout.trim()).toMatch(new RegExp(`^v${RUNTIME.nodeMajor}\\.`));
	const n8n = await runOrThrow(RUNTIME.nodeBin, [RUNTIME.n8nEntry, '--version'], {
		env: { ...process.env, N8N_DIAGNOSTICS_ENABLED: 'false' },
	});
	expect(n8n.stdout.trim().split('\n').pop()).toBe(RUNTIME.n8n);
}, 120_000);
