/**
 * `npm run bench:queue`: the queue-mode figures alone. Starts `npm run start:queue`'s stack (main
 * + two workers, PostgreSQL, Redis, the sandbox with the bench's bucket) in a temporary folder,
 * runs the concurrent webhook load, prints the figures, writes test/bench/queue/report.json and
 * REPORT.md, and stops the stack with Ctrl-C's signal. Bounded: the whole run stops at DEADLINE_MS.
 *
 *   npm run bench:queue [-- --calls 8 --items 1250 --expression-engine vm|legacy]
 *                          [--sharing default] [--loads 2]
 *
 * n8n 2.41 evaluates expressions in its `vm` engine by default, which costs each worker far more per
 * item than the `legacy` one; `--expression-engine` sets N8N_EXPRESSION_ENGINE for every process,
 * to tell the node's pacing apart from n8n's own per-item work.
 *
 * The default load needs 400 requests, 17.5 s under the bucket: long enough for the bucket, not
 * n8n's own per-item work, to set the pace. The end-to-end test runs 8 × 250 (80 requests) to stay quick.
 *
 * `--sharing default` leaves the sandbox credential's n8n Processes Sharing the Portal at its
 * default, as a new user would (QUEUE_SHARING_DEFAULT=1 for start.ts); the workers then learn their
 * share from the portal's 503s. `--loads N` runs the measured load N times in the same stack, one
 * after the other, the later ones with no warm-up and no baseline: what a process keeps of what it
 * learnt shows in the later loads' 503s. With either, the figures of every load go to
 * test/bench/queue/second-load.json, and report.json and REPORT.md stay as they are.
 */
import { chmodSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { launchQueueStack, type LaunchedStack } from '../../n8n/queue/launcher';
import { runWithDeadline } from '../deadline';
import { SPEEDUP } from '../scenario';
import { FIRST_LOAD_CONTACT } from './load';
import { runQueueLoad, type QueueLoadResult } from './queue-scenario';
import { refusalTimeline } from './figures';
import {
	buildReport,
	figureLines,
	loadSummary,
	timelineLine,
	writeLoadsReport,
	writeReport,
} from './render';

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

/** The load's figures, and how many of its calls did not answer 200. */
function printLoad(load: QueueLoadResult, prefix: string): void {
	const failed = load.run.answers.filter((answer) => answer.status !== 200).length;
	console.log(
		[
			'',
			...figureLines(load.figures).map((line) => `${prefix}${line}`),
			...(failed ? [`${prefix}${failed} calls did not answer 200`] : []),
		].join('\n'),
	);
}

async function main(): Promise<void> {
	const calls = numberFlag('calls', 8);
	const itemsPerCall = numberFlag('items', 1250);
	const engineIndex = process.argv.indexOf('--expression-engine');
	const expressionEngine = engineIndex === -1 ? undefined : process.argv[engineIndex + 1];
	if (expressionEngine !== undefined && !['vm', 'legacy'].includes(expressionEngine))
		throw new Error('--expression-engine must be vm or legacy');
	const sharingIndex = process.argv.indexOf('--sharing');
	const sharingDefault = sharingIndex !== -1;
	if (sharingDefault && process.argv[sharingIndex + 1] !== 'default')
		throw new Error('--sharing must be default');
	const loads = numberFlag('loads', 1);
	const perLoadReport = sharingDefault || loads > 1;
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
				...(sharingDefault ? { QUEUE_SHARING_DEFAULT: '1' } : {}),
			},
			readyTimeoutMs: DEADLINE_MS,
		});
		running = stack;
		const command = `npm run bench:queue -- --calls ${calls} --items ${itemsPerCall}${expressionEngine ? ` --expression-engine ${expressionEngine}` : ''}`;
		if (perLoadReport) {
			const fullCommand = `${command}${sharingDefault ? ' --sharing default' : ''}${loads > 1 ? ` --loads ${loads}` : ''}`;
			const results: QueueLoadResult[] = [];
			for (let index = 0; index < loads; index++) {
				console.log(
					`\nLoad ${index + 1} of ${loads}: ${calls} concurrent calls × ${itemsPerCall} items${index ? ' (no warm-up, no baseline)' : ''} …`,
				);
				const load = await runQueueLoad(stack.info, {
					calls,
					itemsPerCall,
					warmUpCalls: index ? 0 : 4,
					callTimeoutMs: 10 * 60_000,
					baseline: index === 0,
					// Contacts of its own for every load, freshly seeded.
					firstContact: FIRST_LOAD_CONTACT + index * calls * itemsPerCall,
				});
				results.push(load);
				printLoad(load, `Load ${index + 1}: `);
				console.log(`Load ${index + 1}: ${timelineLine(refusalTimeline(load.log))}`);
			}
			console.log(
				['', ...results.map((load, index) => loadSummary(`Load ${index + 1}`, load.figures))].join(
					'\n',
				),
			);
			const report = buildReport(
				fullCommand,
				results[0].figures,
				stack.info.workerConcurrency,
				expressionEngine ?? "vm (n8n's default)",
				sharingDefault,
			);
			writeLoadsReport(
				__dirname,
				report,
				results.map((load) => ({ figures: load.figures, bySecond: refusalTimeline(load.log) })),
			);
			console.log('\nWrote test/bench/queue/second-load.json');
		} else {
			console.log(`Running ${calls} concurrent calls × ${itemsPerCall} items …`);
			const load = await runQueueLoad(stack.info, {
				calls,
				itemsPerCall,
				warmUpCalls: 4,
				callTimeoutMs: 10 * 60_000,
				baseline: true,
			});
			printLoad(load, '');
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
		}
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
