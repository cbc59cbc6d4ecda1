/**
 * `npm run bench:skip`: a nightly sync of N contacts (Set, each to companies 8 and 9) at the docs'
 * server times under a cloud portal's limits, on the bench's ten-times clock: without Skip
 * Unchanged, with it when 5 % and 100 % of the contacts differ, and the re-run after a crash at
 * 60 % (the first 60 % already right); then the 5 % phase again on Bitrix24's own clock, where the
 * node's own work weighs against the portal's time as it does on a real portal, three times (its
 * wall time is the median: a phase of seconds is noisy). Each run gets a fresh webhook, so the
 * operating-time accounts start empty. Prints the figures and writes test/bench/skip-unchanged.json.
 *
 * With Skip Unchanged the N contacts are read 50 a crm.item.list command (L = ceil(N / 50)
 * commands, spread over the requests in flight), and the D that differ are set and read back. The
 * bound of a phase is the largest of (formulas in bounds.ts):
 * - crm.item.list: C = L · t_list;
 * - items.get: the read-backs, C = D · t_get (N · t_get without the option);
 * - items.set: C = D · t_set (N · t_set without);
 * - the request bucket: R = ceil(L / 50) + ceil(2D / 50) requests;
 * each plus the server time of its last call (for the bucket, a last request of one item); and,
 * where no limit binds, the server time of all the commands shared evenly by the node's lanes (8
 * requests in flight; a batch runs its commands one after another):
 * (L · t_list + D · (t_set + t_get)) / 8, which no packing of the commands into requests beats.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import { bucketBoundMs, operatingBoundMs } from './bounds';
import { runWithDeadline } from './deadline';
import { runNodePhase } from './node-phase';
import type { NodeRun } from './node-phase';
import { limitedCredential } from './phases';
import type { SandboxProcess } from './sandbox-process';
import { startSandboxProcess } from './sandbox-process';
import type { Bucket, OperatingLimit } from './bounds';
import type { ServerTimes } from './scenario';
import {
	FIRST_CONTACT,
	ITEMS_GET,
	ITEMS_SET,
	ITEM_LIST,
	SPEEDUP,
	bucketAt,
	docsTimesAt,
	itemsFor,
	operatingAt,
	parametersFor,
} from './scenario';

const N = Number(process.env.BENCH_SKIP_ITEMS ?? 3_000);
const DEADLINE_MS = 20 * 60_000;

/** Bound to the target already: 8 primary (first of the list), then 9. */
const RIGHT = [
	{ COMPANY_ID: 8, SORT: 10, IS_PRIMARY: 'Y' as const },
	{ COMPANY_ID: 9, SORT: 20, IS_PRIMARY: 'N' as const },
];
/** Not yet: company 9 is missing. */
const WRONG = [{ COMPANY_ID: 8, SORT: 10, IS_PRIMARY: 'Y' as const }];

interface SkipPhase {
	name: string;
	skipUnchanged: boolean;
	/** Whether the contact at this index already has the target bindings. */
	isRight: (index: number) => boolean;
	/** How much faster than Bitrix24's the phase's clock runs: the bench's SPEEDUP unless said. */
	speedup?: number;
	/** How many times the phase runs; its wall time is the median (a short phase is noisy). */
	runs?: number;
}

/** The portal of a phase: the cloud plan's limits and the docs' server times, on its clock. */
interface Clock {
	speedup: number;
	bucket: Bucket;
	operating: OperatingLimit;
	times: ServerTimes;
}

function clockOf(phase: SkipPhase): Clock {
	const speedup = phase.speedup ?? SPEEDUP;
	return {
		speedup,
		bucket: bucketAt(speedup),
		operating: operatingAt(speedup),
		times: docsTimesAt(speedup),
	};
}

const PHASES: SkipPhase[] = [
	{
		name: 'Set, 5 % differ, without Skip Unchanged',
		skipUnchanged: false,
		isRight: (i) => i % 20 !== 0,
	},
	{ name: 'Set, 5 % differ, Skip Unchanged', skipUnchanged: true, isRight: (i) => i % 20 !== 0 },
	{ name: 'Set, 100 % differ, Skip Unchanged', skipUnchanged: true, isRight: () => false },
	{
		name: 'Re-run after a crash at 60 %, Skip Unchanged',
		skipUnchanged: true,
		isRight: (i) => i < N * 0.6,
	},
	// The bench's fast clock shrinks the portal's time tenfold but not the node's own (n8n
	// evaluating the items' expressions): a job this small is measured on Bitrix24's clock too.
	{
		name: "Set, 5 % differ, Skip Unchanged, on Bitrix24's clock",
		skipUnchanged: true,
		isRight: (i) => i % 20 !== 0,
		speedup: 1,
		runs: 3,
	},
];

/** The least time for the phase, and which limit sets it. */
function boundOf(
	changed: number,
	skipUnchanged: boolean,
	clock: Clock,
): { ms: number; by: string } {
	const { bucket, times } = clock;
	const lists = skipUnchanged ? Math.ceil(N / 50) : 0;
	const writes = skipUnchanged ? changed : N;
	const getMs = times[ITEMS_GET];
	const setMs = times[ITEMS_SET];
	const listMs = times[ITEM_LIST];
	const listRequests = Math.ceil(lists / 50);
	const writeRequests = Math.ceil((2 * writes) / 50);
	const lanes = DEFAULT_ENGINE_SETTINGS.concurrency;
	const operating = (method: string, calls: number, callMs: number) => ({
		ms: operatingBoundMs(calls * callMs, callMs, clock.operating) + callMs,
		by: `operating time of ${method}`,
	});
	const candidates = [
		{
			// The last request may carry a single item's write and read-back.
			ms: bucketBoundMs(listRequests + writeRequests, bucket) + getMs + setMs,
			by: 'request bucket',
		},
		operating(ITEM_LIST, lists, listMs),
		operating(ITEMS_GET, writes, getMs),
		operating(ITEMS_SET, writes, setMs),
		{
			ms: (lists * listMs + writes * (getMs + setMs)) / lanes,
			by: 'server time, 8 requests in flight',
		},
	];
	return candidates.reduce((worst, next) => (next.ms > worst.ms ? next : worst));
}

async function seedBindings(sandbox: SandboxProcess, phase: SkipPhase): Promise<void> {
	const bindings: Record<string, typeof RIGHT> = {};
	for (let index = 0; index < N; index++)
		bindings[String(FIRST_CONTACT + index)] = phase.isRight(index) ? RIGHT : WRONG;
	await sandbox.control.seed({ bindings });
}

/** One run of the phase on a fresh webhook, its contacts seeded first. */
async function runOnce(sandbox: SandboxProcess, phase: SkipPhase, clock: Clock): Promise<NodeRun> {
	const { bucket, operating } = clock;
	await sandbox.control.setLimits({
		rate: { enabled: true, ...bucket },
		operating: { enabled: true, ...operating, buckets: operating.baskets },
		serverTime: { enabled: true, defaultMs: 0, byMethod: clock.times },
	});
	await seedBindings(sandbox, phase);
	const webhook = await sandbox.control.createWebhook();
	await sleep((bucket.burst / bucket.drainPerSec) * 1000 + 500);
	const options = {
		skipUnchanged: phase.skipUnchanged,
		maxLimitWaitMinutes: DEFAULT_ENGINE_SETTINGS.maxLimitWaitMs / 60_000 / clock.speedup,
	};
	// The request bodies are kept to count the commands of each method.
	return await runNodePhase(
		sandbox,
		parametersFor('set', options),
		itemsFor(N),
		limitedCredential(webhook.url, bucket, operating),
		true,
	);
}

function commandsByMethod(run: NodeRun): Record<string, number> {
	const commands: Record<string, number> = {};
	for (const body of run.bodies ?? []) {
		for (const command of Object.values((body.cmd ?? {}) as Record<string, string>)) {
			const method = command.split('?')[0];
			commands[method] = (commands[method] ?? 0) + 1;
		}
	}
	return commands;
}

async function runSkipPhase(sandbox: SandboxProcess, phase: SkipPhase): Promise<IDataObject> {
	const clock = clockOf(phase);
	const runs: NodeRun[] = [];
	for (let index = 0; index < (phase.runs ?? 1); index++)
		runs.push(await runOnce(sandbox, phase, clock));
	const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
	const median = byWall[Math.floor((byWall.length - 1) / 2)];
	const worst = (count: (run: NodeRun) => number) => Math.max(...runs.map(count));
	let changed = 0;
	for (let index = 0; index < N; index++) if (!phase.isRight(index)) changed += 1;
	const bound = boundOf(changed, phase.skipUnchanged, clock);
	const commands = commandsByMethod(median);
	const row = {
		phase: phase.name,
		speedup: clock.speedup,
		items: N,
		changed,
		wallS: median.wallMs / 1000,
		...(runs.length > 1 && { runWallsS: runs.map((run) => run.wallMs / 1000) }),
		boundS: bound.ms / 1000,
		boundBy: bound.by,
		ratioToBound: median.wallMs / bound.ms,
		requests: median.requests,
		commands,
		answered503: worst((run) => run.answered503),
		refusedForOperatingTime: worst((run) => run.refusedForOperatingTime),
		failedItems: worst((run) => run.failedItems),
	};
	const walls = row.runWallsS
		? ` (median of ${row.runWallsS.map((wall) => wall.toFixed(1)).join(', ')} s)`
		: '';
	console.log(
		`  ${row.phase}: ${row.wallS.toFixed(1)} s${walls} (bound ${row.boundS.toFixed(1)} s, ${row.boundBy}; ${row.ratioToBound.toFixed(2)} ×), ` +
			`${row.requests} requests, commands ${JSON.stringify(commands)}, ${row.answered503} × 503, ` +
			`${row.refusedForOperatingTime} refused for operating time, ${row.failedItems} failed`,
	);
	return row;
}

async function main(): Promise<void> {
	const sandbox = await startSandboxProcess();
	try {
		await sandbox.control.seed({
			contacts: Array.from({ length: N }, (_, i) => ({
				ID: FIRST_CONTACT + i,
				NAME: `Bench ${i}`,
			})),
		});
		console.log(`Skip Unchanged, N=${N}, docs' server times, clock ×${SPEEDUP} unless said`);
		const rows: IDataObject[] = [];
		for (const phase of PHASES) rows.push(await runSkipPhase(sandbox, phase));
		// Only phases on the same clock as the Set without are compared with it.
		const without = Number(rows[0].wallS);
		const sameClock = rows.filter((row) => row.speedup === SPEEDUP);
		for (const row of sameClock) row.ratioToWithout = Number(row.wallS) / without;
		console.log(
			sameClock
				.map((row) => `  ${row.phase}: ${Number(row.ratioToWithout).toFixed(2)} × the Set without`)
				.join('\n'),
		);
		writeFileSync(
			join(__dirname, 'skip-unchanged.json'),
			`${JSON.stringify({ items: N, speedup: SPEEDUP, rows }, null, 1)}\n`,
		);
	} finally {
		sandbox.stop();
	}
}

runWithDeadline(main, { ms: DEADLINE_MS, what: 'Skip Unchanged bench' });
