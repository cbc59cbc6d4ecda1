/**
 * `npm run bench:queue`: the queue-mode figures alone. Starts `npm run start:queue`'s stack (main
 * + two workers, PostgreSQL, Redis, the sandbox with the bench's bucket) in a temporary folder,
 * runs the concurrent webhook load, prints the figures, writes test/bench/queue/report.json and
 * REPORT.md, and stops the stack with Ctrl-C's signal. Bounded: the whole run stops at DEADLINE_MS.
 *
 *   npm run bench:queue [-- --calls 8 --items 1250 --expression-engine vm|legacy]
 *
 * n8n 2.41 evaluates expressions in its `vm` engine by default, which costs each worker far more per
 * item than the `legacy` one; `--expression-engine` sets N8N_EXPRESSION_ENGINE for every process,
 * to tell the node's pacing apart from n8n's own per-item work.
 *
 * The default load needs 400 requests, 17.5 s under the bucket: long enough for the bucket, not
 * n8n's own per-item work, to set the pace. The end-to-end test runs 8 × 250 (80 requests) to stay quick.
 */
import { chmodSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { launchQueueStack, type LaunchedStack } from '../../n8n/queue/launcher';
import { runWithDeadline } from '../deadline';
import { SPEEDUP } from '../scenario';
import { runQueueLoad } from './queue-scenario';
import { buildReport, figureLines, writeReport } from './render';

const DEADLINE_MS = 20 * 60_000;

/** The stack while it runs, so that even the deadline's exit leaves nothing behind. */
let running: LaunchedStack | undefined;

function numberFlag(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index === -1 ? fallback : Number(process.argv[index + 1]);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a whole number ≥ 1`);
	return value;
}

async function main(): Promise<void> {
	const calls = numberFlag('calls', 8);
	const itemsPerCall = numberFlag('items', 1250);
	const engineIndex = process.argv.indexOf('--expression-engine');
	const expressionEngine = engineIndex === -1 ? undefined : process.argv[engineIndex + 1];
	if (expressionEngine !== undefined && !['vm', 'legacy'].includes(expressionEngine))
		throw new Error('--expression-engine must be vm or legacy');
	const dataDir = mkdtempSync(join(tmpdir(), 'n8n-queue-bench-'));
	chmodSync(dataDir, 0o755);
	try {
		console.log('Starting the queue-mode stack (npm run start:queue) …');
		const stack = await launchQueueStack({
			dataDir,
			sandboxSpeedup: SPEEDUP,
			build: !process.argv.includes('--no-build'),
			outputFile: join(dataDir, 'start-queue.log'),
			env: {
				QUEUE_UNPACED_BASELINE: '1',
				...(expressionEngine ? { N8N_EXPRESSION_ENGINE: expressionEngine } : {}),
			},
			readyTimeoutMs: DEADLINE_MS,
		});
		running = stack;
		console.log(`Running ${calls} concurrent calls × ${itemsPerCall} items …`);
		const load = await runQueueLoad(stack.info, {
			calls,
			itemsPerCall,
			warmUpCalls: 4,
			callTimeoutMs: 10 * 60_000,
			baseline: true,
		});
		const failed = load.run.answers.filter((answer) => answer.status !== 200).length;
		console.log(
			[
				'',
				...figureLines(load.figures),
				...(failed ? [`${failed} calls did not answer 200`] : []),
			].join('\n'),
		);
		const command = `npm run bench:queue -- --calls ${calls} --items ${itemsPerCall}${expressionEngine ? ` --expression-engine ${expressionEngine}` : ''}`;
		writeReport(
			__dirname,
			buildReport(
				command,
				load.figures,
				stack.info.workerConcurrency,
				expressionEngine ?? "vm (n8n's default)",
			),
		);
		console.log('\nWrote test/bench/queue/report.json and test/bench/queue/REPORT.md');
		const stopped = await stack.interrupt(2 * 60_000);
		running = undefined;
		if (stopped.leftovers.length || stopped.busyPorts.length) {
			throw new Error(
				`left running after Ctrl-C: ${stopped.leftovers.map((p) => p.command).join('; ')} ports ${stopped.busyPorts.join(', ')}`,
			);
		}
	} finally {
		running?.kill();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

runWithDeadline(main, {
	ms: DEADLINE_MS,
	what: 'queue benchmark',
	onDeadline: () => running?.kill(),
});
