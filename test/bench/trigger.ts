/**
 * `npm run bench:trigger`: one poll of the Bitrix24 Trigger over N watched contacts (1,000, 10,000
 * and 100,000; BENCH_TRIGGER_SIZES=1000,10000 picks), on a cloud portal's limits and the docs'
 * server times, on the bench's ten-times clock, through n8n-core's poll engine. Per N, two polls,
 * each on a fresh webhook (its operating-time account empty):
 * - the activation: no state yet, so the ranges are found as the pages come (one open range, the
 *   highest ID, then ranges split by the density seen);
 * - a later poll with 1 % of the contacts changed: ranges of 45 remembered contacts, then
 *   items.get for the changed ones.
 * The bound of a poll is the largest of (bounds.ts):
 * - the request bucket: R = ceil(L / 50) + ceil(G / 50) requests, L list commands, G items.get;
 * - the operating time of crm.item.list: C = L · t_list against 480 s in 10 min (÷ 10);
 * - the server time: ceil(ceil(L / 50) / 8 lanes) · min(50, L) · t_list + min(50, G) · t_get (a batch
 *   runs its commands one after another, and the items.get follow the lists);
 * and the state is the bytes of the node's static data as n8n stores it (JSON).
 */
import { join } from 'node:path';

import type { IDataObject, INodeType } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import { CredentialStore, webhookCredentials } from '../harness';
import { PollHarness } from '../harness/run-poll';
import { callsIn } from '../sandbox/log-readers';
import { DOCS_SERVER_TIME_MS } from '../sandbox/server-time';
import { bucketBoundMs, operatingBoundMs, serverTimeBoundMs } from './bounds';
import { runWithDeadline } from './deadline';
import { limitedCredential } from './phases';
import type { SandboxProcess } from './sandbox-process';
import { startSandboxProcess } from './sandbox-process';
import { BUCKET, OPERATING, SPEEDUP } from './scenario';

const SIZES = (process.env.BENCH_TRIGGER_SIZES ?? '1000,10000,100000').split(',').map(Number);
const DEADLINE_MS = 40 * 60_000;
const FIRST_CONTACT = 1001;
const LIST = 'crm.item.list';
const ITEMS_GET = 'crm.contact.company.items.get';
const TIMES = {
	[LIST]: DOCS_SERVER_TIME_MS[LIST] / SPEEDUP,
	[ITEMS_GET]: DOCS_SERVER_TIME_MS[ITEMS_GET] / SPEEDUP,
};

/** Under plain ts-node `Bitrix24Trigger.node` would resolve to the codex JSON: the full name. */
function triggerNode(): INodeType {
	const file = join(__dirname, '..', '..', 'nodes', 'Bitrix24Trigger', 'Bitrix24Trigger.node.ts');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return new (require(file) as { Bitrix24Trigger: new () => INodeType }).Bitrix24Trigger();
}

/** Contact i: two companies of 7..20 for two in three, none for the others; the first is primary. */
function bindingsOf(index: number, shift = 0): Array<{ COMPANY_ID: number }> {
	if (index % 3 === 2) return [];
	return [
		{ COMPANY_ID: 7 + ((index + shift) % 14) },
		{ COMPANY_ID: 7 + ((index + shift + 5) % 14) },
	];
}

async function seed(sandbox: SandboxProcess, n: number): Promise<void> {
	await sandbox.control.reset('empty');
	// After the reset, which restores the sandbox's own limits.
	await sandbox.control.setLimits({
		rate: { enabled: true, ...BUCKET },
		operating: { enabled: true, ...OPERATING, buckets: OPERATING.baskets },
		serverTime: { enabled: true, defaultMs: 0, byMethod: TIMES },
	});
	// In parts: the control API takes bodies of a few MB.
	for (let start = 0; start < n; start += 10_000) {
		const part = Array.from({ length: Math.min(10_000, n - start) }, (_, k) => start + k);
		await sandbox.control.seed({
			contacts: part.map((i) => ({ ID: FIRST_CONTACT + i, NAME: `C${i}` })),
		});
		const bindings: Record<string, Array<{ COMPANY_ID: number }>> = {};
		for (const i of part) bindings[String(FIRST_CONTACT + i)] = bindingsOf(i);
		await sandbox.control.seed({ bindings });
	}
}

interface PollFigures {
	requests: number;
	list: number;
	itemsGet: number;
	emitted: number;
	wallMs: number;
}

async function measuredPoll(
	sandbox: SandboxProcess,
	state: IDataObject,
	activation: boolean,
): Promise<{ figures: PollFigures; harness: PollHarness }> {
	const webhook = await sandbox.control.createWebhook();
	const credentials = new CredentialStore().set(
		'bitrix24WebhookApi',
		webhookCredentials(sandbox, limitedCredential(webhook.url)),
	);
	const harness = new PollHarness({
		nodeType: triggerNode(),
		parameters: {
			authentication: 'webhook',
			resource: 'contactCompany',
			watch: 'all',
			// Every 2 minutes on the bench's clock is every 20 on Bitrix24's: room for 100,000 records.
			pollTimes: { item: [{ mode: 'everyX', value: 2, unit: 'minutes' }] },
		},
		credentials,
		credentialType: 'bitrix24WebhookApi',
	});
	harness.restart(state);
	await sandbox.control.clearLog();
	const started = performance.now();
	const result = await harness.poll(activation);
	const wallMs = performance.now() - started;
	if (result.error) throw result.error;
	const log = (await sandbox.control.getLog()).filter((entry) => entry.method !== null);
	const calls = callsIn(log);
	const count = (method: string) => calls.filter((call) => call.method === method).length;
	await sandbox.control.clearLog();
	const emitted = result.emitted?.length ?? 0;
	return {
		figures: {
			requests: log.length,
			list: count(LIST),
			itemsGet: count(ITEMS_GET),
			emitted,
			wallMs,
		},
		harness,
	};
}

/** The least time of a poll with these commands, and which limit sets it. */
function boundOf(figures: PollFigures): { ms: number; by: string } {
	const requests = Math.ceil(figures.list / 50) + Math.ceil(figures.itemsGet / 50);
	const lanes = DEFAULT_ENGINE_SETTINGS.concurrency;
	const candidates = [
		{ ms: bucketBoundMs(requests, BUCKET), by: 'request bucket' },
		{
			ms: operatingBoundMs(figures.list * TIMES[LIST], TIMES[LIST], OPERATING) + TIMES[LIST],
			by: `operating time of ${LIST}`,
		},
		{
			ms:
				serverTimeBoundMs(
					Math.ceil(figures.list / 50),
					Math.min(50, figures.list) * TIMES[LIST],
					lanes,
				) +
				Math.min(50, figures.itemsGet) * TIMES[ITEMS_GET],
			by: 'server time',
		},
	];
	return candidates.reduce((worst, next) => (next.ms > worst.ms ? next : worst));
}

function print(n: number, phase: string, figures: PollFigures, stateBytes: number): IDataObject {
	const bound = boundOf(figures);
	const operatingS = (figures.list * DOCS_SERVER_TIME_MS[LIST]) / 1000;
	const row = {
		watched: n,
		phase,
		requests: figures.requests,
		listCommands: figures.list,
		itemsGet: figures.itemsGet,
		emitted: figures.emitted,
		listOperatingS_realClock: operatingS,
		minimumIntervalMin_cloud: Math.ceil((operatingS * 600) / 480 / 60),
		wallS: figures.wallMs / 1000,
		boundS: bound.ms / 1000,
		boundBy: bound.by,
		ratioToBound: figures.wallMs / bound.ms,
		stateBytes,
		bytesPerRecord: stateBytes / n,
	};
	console.log(
		`  N=${n} ${phase}: ${row.requests} requests (${row.listCommands} ${LIST}, ${row.itemsGet} items.get), ` +
			`${row.emitted} emitted; ${LIST} operating time ${operatingS.toFixed(1)} s real clock ` +
			`(poll every ${row.minimumIntervalMin_cloud} min or more on a cloud portal); wall ${row.wallS.toFixed(1)} s ` +
			`(bound ${row.boundS.toFixed(1)} s, ${row.boundBy}; ${row.ratioToBound.toFixed(2)} ×); ` +
			`state ${stateBytes} bytes, ${row.bytesPerRecord.toFixed(1)} per record`,
	);
	return row;
}

async function benchSize(sandbox: SandboxProcess, n: number): Promise<IDataObject[]> {
	await seed(sandbox, n);
	const first = await measuredPoll(sandbox, {}, true);
	const state = first.harness.stored();
	const bytes = JSON.stringify(state).length;
	const rows = [print(n, 'activation (no state)', first.figures, bytes)];
	const changed: Record<string, Array<{ COMPANY_ID: number }>> = {};
	for (let i = 0; i < n; i += 100) changed[String(FIRST_CONTACT + i)] = bindingsOf(i, 1);
	await sandbox.control.seed({ bindings: changed });
	const later = await measuredPoll(sandbox, state, false);
	rows.push(
		print(n, 'poll, 1 % changed', later.figures, JSON.stringify(later.harness.stored()).length),
	);
	return rows;
}

async function main(): Promise<void> {
	const sandbox = await startSandboxProcess();
	try {
		console.log(`Bitrix24 Trigger, one poll, docs' server times, cloud limits, clock ×${SPEEDUP}`);
		for (const n of SIZES) await benchSize(sandbox, n);
	} finally {
		sandbox.stop();
	}
}

runWithDeadline(main, { ms: DEADLINE_MS, what: 'Trigger bench' });
