/**
 * `npm run bench`: the node under a cloud portal's limits (the request bucket and each method's
 * operating time), with real server time per call, against the sandbox on 127.0.0.1, on a clock
 * ten times faster than Bitrix24's. Prints the figures and writes test/bench/report.json,
 * REPORT.md and chart.svg. Stops by itself: every phase is bounded, and the whole run is cut off at
 * DEADLINE_MS.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import { replayBatches } from './bare-client';
import { barChartSvg } from './chart';
import { runNodePhase } from './node-phase';
import type { PhaseRow, PhaseSpec } from './phases';
import { runPhase } from './phases';
import type { BenchReport, OverheadRow, Target } from './render';
import { markdown, overheadTable, phaseTable } from './render';
import { startSandboxProcess } from './sandbox-process';
import type { SandboxProcess } from './sandbox-process';
import { runWithDeadline } from './deadline';
import {
	BUCKET,
	CHEAP_TIMES,
	DOCS_TIMES,
	FIRST_CONTACT,
	OPERATING,
	SPEEDUP,
	constantSetParameters,
	itemsFor,
	parametersFor,
} from './scenario';

const DEADLINE_MS = 15 * 60_000;
const OVERHEAD_N = 10_000;
const OVERHEAD_ROUNDS = 2;
const NEIGHBOUR_PER_SEC = BUCKET.drainPerSec / 2;

const BUCKET_PHASE: PhaseSpec = {
	name: 'Set N=10000, cheap calls',
	operation: 'set',
	items: 10_000,
	batching: true,
	times: CHEAP_TIMES,
	limits: true,
};
const OPERATING_PHASE: PhaseSpec = {
	name: "Set N=3000, docs' server times",
	operation: 'set',
	items: 3_000,
	batching: true,
	times: DOCS_TIMES,
	limits: true,
};
const LIMITED: PhaseSpec[] = [
	BUCKET_PHASE,
	{
		name: 'Get N=10000, cheap calls',
		operation: 'get',
		items: 10_000,
		batching: true,
		times: CHEAP_TIMES,
		limits: true,
	},
	OPERATING_PHASE,
	{
		name: 'Set N=300 one request per call (Batching off), cheap calls',
		operation: 'set',
		items: 300,
		batching: false,
		times: CHEAP_TIMES,
		limits: true,
	},
	{
		name: `Set N=10000, cheap calls, neighbour at ${NEIGHBOUR_PER_SEC}/s`,
		operation: 'set',
		items: 10_000,
		batching: true,
		times: CHEAP_TIMES,
		limits: true,
		neighbourPerSec: NEIGHBOUR_PER_SEC,
	},
];
const IN_FLIGHT = [2, 4, 8, 16];
const selfHosted = (requestsInFlight: number): PhaseSpec => ({
	name: `Set N=500, no limits, ${requestsInFlight} in flight`,
	operation: 'set',
	items: 500,
	batching: true,
	times: DOCS_TIMES,
	limits: false,
	requestsInFlight,
});

const unlimitedCredential = {
	rateLimitPlan: 'custom',
	requestsPerSecond: 1_000_000,
	burst: 1_000_000,
};
const seconds = (ms: number) => Math.round(ms) / 1000;

async function seed(sandbox: SandboxProcess, count: number): Promise<void> {
	// In chunks: the control API reads a bounded body.
	for (let start = 0; start < count; start += 2_000) {
		const ids = Array.from(
			{ length: Math.min(2_000, count - start) },
			(_, index) => FIRST_CONTACT + start + index,
		);
		await sandbox.control.seed({ contacts: ids.map((ID) => ({ ID, NAME: `Bench ${ID}` })) });
	}
}

async function overheadRow(
	sandbox: SandboxProcess,
	workflow: string,
	parameters: INodeParameters,
): Promise<OverheadRow> {
	const items = itemsFor(OVERHEAD_N);
	let nodeMs = Infinity;
	let bareMs = Infinity;
	let requests = 0;
	let failedItems = 0;
	// Best of the rounds for each side: the machine is shared, and noise only ever adds time.
	for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
		const node = await runNodePhase(sandbox, parameters, items, unlimitedCredential, true);
		const bare = await replayBatches(
			sandbox.webhookUrl,
			node.bodies ?? [],
			DEFAULT_ENGINE_SETTINGS.concurrency,
		);
		await sandbox.control.clearLog();
		console.log(
			`  ${workflow}, round ${round + 1}: node ${seconds(node.wallMs)} s, bare ${seconds(bare)} s for ${node.requests} requests`,
		);
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
	await sandbox.control.setLimits({
		rate: { enabled: false },
		operating: { enabled: false },
		serverTime: { enabled: false },
	});
	return [
		await overheadRow(sandbox, 'Set, IDs from expressions', parametersFor('set')),
		await overheadRow(sandbox, 'Set, constant parameters', constantSetParameters()),
	];
}

/** What the neighbour leaves: the drain less what it was served; the node's rate after its burst. */
function neighbourShare(row: PhaseRow): number {
	const left = BUCKET.drainPerSec - (row.neighbour?.servedPerSec ?? 0);
	const nodeRate = (row.requests - row.answered503 - BUCKET.burst) / row.wallS;
	return nodeRate / left;
}

function targetsOf(limited: PhaseRow[]): Target[] {
	const targets: Target[] = [];
	for (const spec of [BUCKET_PHASE, OPERATING_PHASE]) {
		const row = limited.find((candidate) => candidate.phase === spec.name) as PhaseRow;
		targets.push({
			name: `${row.phase}: wall / bound (${row.boundBy})`,
			value: row.ratioToBound,
			goal: '≤ 1.10',
			met: row.ratioToBound <= 1.1,
		});
		targets.push({
			name: `${row.phase}: failed items`,
			value: row.failedItems,
			goal: '0',
			met: row.failedItems === 0,
		});
		targets.push({
			name: `${row.phase}: commands refused for operating time`,
			value: row.refusedForOperatingTime,
			goal: '0',
			met: row.refusedForOperatingTime === 0,
		});
		targets.push({
			name: `${row.phase}: requests answered 503 (%)`,
			value: row.share503 * 100,
			goal: '≤ 1 %',
			met: row.share503 <= 0.01,
		});
	}
	const shared = limited.find((row) => row.neighbour) as PhaseRow;
	targets.push({
		name: `${shared.phase}: failed items`,
		value: shared.failedItems,
		goal: '0',
		met: shared.failedItems === 0,
	});
	const share = neighbourShare(shared);
	targets.push({
		name: `${shared.phase}: node's rate / what the neighbour leaves (%)`,
		value: share * 100,
		goal: '≥ 90 %',
		met: share >= 0.9,
	});
	targets.push({
		name: `${shared.phase}: node's requests answered 503 (%)`,
		value: shared.share503 * 100,
		goal: '≤ 5 %',
		met: shared.share503 <= 0.05,
	});
	return targets;
}

/** `npm run bench -- --phase TEXT` runs only the phases whose name holds TEXT, and writes no report. */
function onlyPhases(): string | undefined {
	const index = process.argv.indexOf('--phase');
	return index === -1 ? undefined : process.argv[index + 1];
}

async function runSome(sandbox: SandboxProcess, text: string): Promise<void> {
	const specs = [...LIMITED, ...IN_FLIGHT.map(selfHosted)].filter((spec) =>
		spec.name.includes(text),
	);
	if (specs.length === 0) throw new Error(`No phase's name holds "${text}"`);
	const rows: PhaseRow[] = [];
	for (const spec of specs) rows.push(await runPhase(sandbox, spec));
	console.log(`\n${phaseTable(rows)}`);
}

async function main(): Promise<void> {
	const sandbox = await startSandboxProcess();
	try {
		await seed(sandbox, OVERHEAD_N);
		// Loads and warms up n8n and the node, so the first measured phase does not pay for it.
		await sandbox.control.setLimits({
			rate: { enabled: false },
			operating: { enabled: false },
			serverTime: { enabled: false },
		});
		for (const operation of ['set', 'get'] as const)
			await runNodePhase(sandbox, parametersFor(operation), itemsFor(500), unlimitedCredential);
		const only = onlyPhases();
		if (only !== undefined) return await runSome(sandbox, only);

		console.log(
			`A cloud portal on a ${SPEEDUP}× clock (bucket ${BUCKET.burst} + ${BUCKET.drainPerSec}/s, ${OPERATING.limitMs / 1000} s per ${OPERATING.windowMs / 1000} s):`,
		);
		const limited: PhaseRow[] = [];
		for (const spec of LIMITED) limited.push(await runPhase(sandbox, spec));
		console.log('A self-hosted portal without limits: the requests in flight set the pace:');
		const inFlight: PhaseRow[] = [];
		for (const count of IN_FLIGHT) inFlight.push(await runPhase(sandbox, selfHosted(count)));
		console.log('Every limit and server time off (node vs bare axios):');
		const overhead = await overheadPhase(sandbox);

		const batched = limited.find((row) => row.phase === BUCKET_PHASE.name) as PhaseRow;
		const perItem = limited.find((row) => row.phase.includes('Batching off')) as PhaseRow;
		const report: BenchReport = {
			generatedAt: new Date().toISOString(),
			machine: { cpus: cpus().length, node: process.version, platform: process.platform },
			settings: {
				speedup: SPEEDUP,
				bucket: BUCKET,
				operating: OPERATING,
				serverTimesMs: { docs: DOCS_TIMES, cheap: CHEAP_TIMES },
				requestsInFlight: DEFAULT_ENGINE_SETTINGS.concurrency,
				neighbourPerSec: NEIGHBOUR_PER_SEC,
			},
			limited,
			inFlight,
			perItemComparison: {
				batchedItemsPerS: batched.itemsPerS,
				perItemItemsPerS: perItem.itemsPerS,
				ratio: batched.itemsPerS / perItem.itemsPerS,
			},
			neighbourShare: neighbourShare(limited.find((row) => row.neighbour) as PhaseRow),
			overhead,
			targets: targetsOf(limited),
		};

		console.log('');
		console.log(phaseTable(limited));
		console.log('');
		console.log(phaseTable(inFlight));
		console.log('');
		console.log(overheadTable(overhead));
		console.log('');
		for (const target of report.targets) {
			console.log(
				`${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.value === null ? 'n/a' : target.value.toFixed(2)} (goal ${target.goal})`,
			);
		}
		writeFileSync(join(__dirname, 'report.json'), `${JSON.stringify(report, null, '\t')}\n`);
		writeFileSync(
			join(__dirname, 'chart.svg'),
			barChartSvg(
				[...limited, ...inFlight].map((row) => ({ label: row.phase, value: row.ratioToBound })),
				1.1,
			),
		);
		writeFileSync(join(__dirname, 'REPORT.md'), markdown(report));
		console.log('\nWrote test/bench/report.json, REPORT.md and chart.svg');
	} finally {
		sandbox.stop();
	}
}

runWithDeadline(main, { ms: DEADLINE_MS, what: 'benchmark' });
