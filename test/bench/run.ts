/**
 * `npm run bench`: the node's throughput under Bitrix24's request limit, against the sandbox on
 * 127.0.0.1. Prints the figures and writes test/bench/report.json and test/bench/REPORT.md.
 * Stops by itself: every phase is bounded, and the whole run is cut off at DEADLINE_MS.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import { replayBatches } from './bare-client';
import { runNodePhase } from './node-phase';
import type { BenchReport, LimitedRow, OverheadRow, Target } from './render';
import { limitedTable, markdown, overheadTable } from './render';
import { startSandboxProcess } from './sandbox-process';
import type { SandboxProcess } from './sandbox-process';
import type { Operation } from './scenario';
import {
	BUCKET,
	COMMANDS_PER_ITEM,
	FIRST_CONTACT,
	bucketBoundMs,
	constantSetParameters,
	itemsFor,
	parametersFor,
	requestsNeeded,
} from './scenario';

const DEADLINE_MS = 6 * 60_000;
/** Per-item Set sends 2 requests an item: 1,000 items would take ~100 s, so it runs on fewer. */
const PER_ITEM_N = 300;
const OVERHEAD_N = 10_000;
const OVERHEAD_ROUNDS = 2;

const limitedCredential = { rateLimitPlan: 'custom', requestsPerSecond: BUCKET.drainPerSec, burst: BUCKET.burst };
const unlimitedCredential = { rateLimitPlan: 'custom', requestsPerSecond: 1_000_000, burst: 1_000_000 };

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => Math.round(ms) / 1000;

async function seed(sandbox: SandboxProcess, count: number): Promise<void> {
	// In chunks: the control API reads a bounded body.
	for (let start = 0; start < count; start += 2_000) {
		const ids = Array.from({ length: Math.min(2_000, count - start) }, (_, index) => FIRST_CONTACT + start + index);
		await sandbox.control.seed({ contacts: ids.map((ID) => ({ ID, NAME: `Bench ${ID}` })) });
	}
}

/** Both buckets (the sandbox's and the node's, which lives as long as this process) empty out. */
async function letBucketsDrain(): Promise<void> {
	await sleep((BUCKET.burst / BUCKET.drainPerSec) * 1000 + 500);
}

async function limitedPhase(sandbox: SandboxProcess, operation: Operation, items: number, batching: boolean): Promise<LimitedRow> {
	await letBucketsDrain();
	const run = await runNodePhase(sandbox, parametersFor(operation, batching), itemsFor(items), limitedCredential);
	const boundMs = bucketBoundMs(requestsNeeded(operation, items, batching));
	const row: LimitedRow = {
		phase: `${operation === 'get' ? 'Get' : 'Set'} ${batching ? 'batched' : 'per-item'} N=${items}`,
		operation,
		batching,
		items,
		commandsPerItem: COMMANDS_PER_ITEM[operation],
		requests: run.requests,
		wallS: seconds(run.wallMs),
		boundS: seconds(boundMs),
		ratioToBound: boundMs > 0 ? run.wallMs / boundMs : null,
		itemsPerS: items / (run.wallMs / 1000),
		answered503: run.answered503,
		share503: run.requests > 0 ? run.answered503 / run.requests : 0,
		failedItems: run.failedItems,
	};
	console.log(`  ${row.phase}: ${row.wallS} s (bound ${row.boundS} s), ${row.requests} requests, ${row.answered503} × 503, ${row.failedItems} failed`);
	return row;
}

async function overheadRow(sandbox: SandboxProcess, workflow: string, parameters: INodeParameters): Promise<OverheadRow> {
	const items = itemsFor(OVERHEAD_N);
	let nodeMs = Infinity;
	let bareMs = Infinity;
	let requests = 0;
	let failedItems = 0;
	// Best of the rounds for each side: the machine is shared, and noise only ever adds time.
	for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
		const node = await runNodePhase(sandbox, parameters, items, unlimitedCredential, true);
		const bare = await replayBatches(sandbox.webhookUrl, node.bodies ?? [], DEFAULT_ENGINE_SETTINGS.concurrency);
		await sandbox.control.clearLog();
		console.log(`  ${workflow}, round ${round + 1}: node ${seconds(node.wallMs)} s, bare ${seconds(bare)} s for ${node.requests} requests`);
		nodeMs = Math.min(nodeMs, node.wallMs);
		bareMs = Math.min(bareMs, bare);
		requests = node.requests;
		failedItems = Math.max(failedItems, node.failedItems);
	}
	return {
		workflow,
		items: OVERHEAD_N,
		requests,
		nodeS: seconds(nodeMs),
		bareS: seconds(bareMs),
		nodeItemsPerS: OVERHEAD_N / (nodeMs / 1000),
		bareItemsPerS: OVERHEAD_N / (bareMs / 1000),
		overhead: nodeMs / bareMs,
		failedItems,
	};
}

async function overheadPhase(sandbox: SandboxProcess): Promise<OverheadRow[]> {
	await sandbox.control.setLimits({ rate: { enabled: false } });
	return [
		await overheadRow(sandbox, 'Set, IDs from expressions', parametersFor('set', true)),
		await overheadRow(sandbox, 'Set, constant parameters', constantSetParameters()),
	];
}

function targetsOf(limited: LimitedRow[], perItemRatio: number, overhead: OverheadRow[]): Target[] {
	const targets: Target[] = [];
	for (const row of limited.filter((r) => r.batching && r.items === 10_000)) {
		targets.push({ name: `${row.phase}: wall / bound`, value: row.ratioToBound, goal: '≤ 1.10', met: (row.ratioToBound ?? 0) <= 1.1 });
		targets.push({ name: `${row.phase}: failed items`, value: row.failedItems, goal: '0', met: row.failedItems === 0 });
		targets.push({ name: `${row.phase}: share of requests answered 503 (%)`, value: row.share503 * 100, goal: '≤ 1 %', met: row.share503 <= 0.01 });
	}
	targets.push({ name: 'Batched / per-item items/s', value: perItemRatio, goal: '≥ 50', met: perItemRatio >= 50 });
	for (const row of overhead) {
		targets.push({ name: `Node / bare client time, limits off (${row.workflow})`, value: row.overhead, goal: '≤ 1.3', met: row.overhead <= 1.3 });
	}
	return targets;
}

async function main(): Promise<void> {
	const sandbox = await startSandboxProcess();
	try {
		await seed(sandbox, OVERHEAD_N);
		// Loads and warms up n8n and the node, so the first measured phase does not pay for it.
		await sandbox.control.setLimits({ rate: { enabled: false } });
		for (const operation of ['set', 'get'] as const) {
			await runNodePhase(sandbox, parametersFor(operation, true), itemsFor(500), unlimitedCredential);
		}
		await sandbox.control.setLimits({ rate: { enabled: true, burst: BUCKET.burst, drainPerSec: BUCKET.drainPerSec } });
		console.log(`Under the limit (burst ${BUCKET.burst}, drain ${BUCKET.drainPerSec}/s):`);
		const limited: LimitedRow[] = [];
		for (const operation of ['set', 'get'] as const) {
			for (const items of [1_000, 10_000]) limited.push(await limitedPhase(sandbox, operation, items, true));
		}
		const perItem = await limitedPhase(sandbox, 'set', PER_ITEM_N, false);
		limited.push(perItem);
		const batched1000 = limited.find((row) => row.operation === 'set' && row.items === 1_000) as LimitedRow;

		console.log('Every limit off (node vs bare axios):');
		const overhead = await overheadPhase(sandbox);

		const perItemRatio = batched1000.itemsPerS / perItem.itemsPerS;
		const report: BenchReport = {
			generatedAt: new Date().toISOString(),
			machine: { cpus: cpus().length, node: process.version, platform: process.platform },
			settings: {
				sandboxBucket: BUCKET,
				nodeLimiter: limitedCredential,
				engineConcurrency: DEFAULT_ENGINE_SETTINGS.concurrency,
				setCommandsPerItem: `${COMMANDS_PER_ITEM.set} (Return Bindings After Change on, the default)`,
				perItemN: PER_ITEM_N,
			},
			limited,
			perItemComparison: {
				batchedItemsPerS: batched1000.itemsPerS,
				perItemItemsPerS: perItem.itemsPerS,
				ratio: perItemRatio,
				note: `Batched is Set N=1000; per-item is Set N=${PER_ITEM_N} with Batching off (2 requests an item; 1,000 items would take ~${Math.round(bucketBoundMs(requestsNeeded('set', 1_000, false)) / 1000)} s), measured, not extrapolated. In the steady state per-item Set is capped at ${BUCKET.drainPerSec / COMMANDS_PER_ITEM.set} items/s by the bucket.`,
			},
			overhead: {
				rows: overhead,
				note: `Set N=${OVERHEAD_N}, sandbox rate limit disabled, node limiter custom 1,000,000/s. The bare client posts the very batch bodies the node sent (read from the sandbox log) with axios, ${DEFAULT_ENGINE_SETTINGS.concurrency} requests in flight like the engine. The node's time includes n8n's WorkflowExecute, n8n evaluating each item's expressions (two per Set item in the first row, none in the second) and n8n's request helper, and shaping the output. Best of ${OVERHEAD_ROUNDS} rounds each.`,
			},
			targets: [],
		};
		report.targets = targetsOf(limited, perItemRatio, overhead);

		console.log('');
		console.log(limitedTable(limited));
		console.log('');
		console.log(overheadTable(overhead));
		console.log('');
		for (const target of report.targets) {
			console.log(`${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.value === null ? 'n/a' : target.value.toFixed(2)} (goal ${target.goal})`);
		}
		writeFileSync(join(__dirname, 'report.json'), `${JSON.stringify(report, null, '\t')}\n`);
		writeFileSync(join(__dirname, 'REPORT.md'), markdown(report));
		console.log('\nWrote test/bench/report.json and test/bench/REPORT.md');
	} finally {
		sandbox.stop();
	}
}

const deadline = setTimeout(() => {
	console.error(`The benchmark passed its ${DEADLINE_MS / 60_000}-minute limit and was stopped.`);
	process.exit(1);
}, DEADLINE_MS);
deadline.unref();

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? error.stack : error);
		process.exit(1);
	},
);
