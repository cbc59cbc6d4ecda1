/**
 * `npm run bench:lookups`: N Add items that name the contact by e-mail and the company by name
 * (issue 24), at the docs' server times under a cloud portal's limits, on the bench's ten-times
 * clock. Every e-mail is a different contact; the items share C company names.
 *
 * Requests: the lookup round's bound plus the Add's own,
 * - lookups: R1 = ceil((E + P + ceil(Nm / 25) + 2 · ceil(T / 25)) / 50), for E distinct e-mails and
 *   P phones (one crm.duplicate.findbycomm command each: its answer does not say which value found
 *   which record), Nm names (25 a crm.company.list command) and T tax IDs (25 a
 *   crm.requisite.list command, on RQ_INN and on RQ_VAT_ID); a list command whose page is full is
 *   asked again a value each, which this bench's data never needs;
 * - Add: R2 = ceil(2N / 50) (the add and its read-back).
 * Wall time: the round must end before the adds start, so the bound is the larger of
 * - the two passes one after the other, each under the node's L requests in flight:
 *   ceil(R1 / L) · t1 + ceil(R2 / L) · t2, t the server time of a full batch of the pass;
 * - the request bucket for R1 + R2 requests, plus t2;
 * - each method's operating time (bounds.ts), plus one call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import { DOCS_SERVER_TIME_MS } from '../sandbox/server-time';
import { bucketBoundMs, operatingBoundMs, serverTimeBoundMs } from './bounds';
import { runWithDeadline } from './deadline';
import { runNodePhase } from './node-phase';
import { limitedCredential } from './phases';
import type { SandboxProcess } from './sandbox-process';
import { startSandboxProcess } from './sandbox-process';
import { BUCKET, FIRST_CONTACT, MAX_COMMANDS_PER_BATCH, OPERATING, SPEEDUP } from './scenario';

const N = Number(process.env.BENCH_LOOKUP_ITEMS ?? 1_000);
const COMPANIES = 100;
const FIRST_COMPANY = 5_001;
const WARM_UP = 100;
const NAMES_PER_LIST = 25;
const LANES = DEFAULT_ENGINE_SETTINGS.concurrency;
const DEADLINE_MS = 10 * 60_000;

const FIND = 'crm.duplicate.findbycomm';
const COMPANY_LIST = 'crm.company.list';
const ADD = 'crm.contact.company.add';
const GET = 'crm.contact.company.items.get';
const TIMES: Record<string, number> = Object.fromEntries(
	[FIND, COMPANY_LIST, ADD, GET].map((method) => [method, DOCS_SERVER_TIME_MS[method] / SPEEDUP]),
);

const emailOf = (contactId: number) => `bench.${contactId}@example.com`;
const companyName = (index: number) => `Bench Company ${index % COMPANIES}`;

const PARAMETERS: INodeParameters = {
	authentication: 'webhook',
	resource: 'contactCompany',
	operation: 'add',
	contactId: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
	companyId: { __rl: true, mode: 'companyName', value: '={{ $json.company }}' },
	options: { maxLimitWaitMinutes: DEFAULT_ENGINE_SETTINGS.maxLimitWaitMs / 60_000 / SPEEDUP },
};

function itemsFrom(first: number, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		email: emailOf(first + index),
		company: companyName(index),
	}));
}

async function seed(sandbox: SandboxProcess): Promise<void> {
	const ids = Array.from({ length: N + WARM_UP }, (_, index) => FIRST_CONTACT + index);
	await sandbox.control.seed({
		contacts: ids.map((ID) => ({ ID, NAME: `Bench ${ID}` })),
		companies: Array.from({ length: COMPANIES }, (_, index) => ({
			ID: FIRST_COMPANY + index,
			TITLE: companyName(index),
		})),
		communications: ids.map((ID) => ({ entityType: 'CONTACT', ID, EMAIL: [emailOf(ID)] })),
	});
}

/** The requests both passes need, and the least wall time (formulas above). */
export function lookupBound(items: number, names: number) {
	const lookupRequests = Math.ceil(
		(items + Math.ceil(names / NAMES_PER_LIST)) / MAX_COMMANDS_PER_BATCH,
	);
	const addRequests = Math.ceil((2 * items) / MAX_COMMANDS_PER_BATCH);
	const lookupBatchMs = MAX_COMMANDS_PER_BATCH * TIMES[FIND];
	const addBatchMs = (MAX_COMMANDS_PER_BATCH / 2) * (TIMES[ADD] + TIMES[GET]);
	const operating = (method: string, calls: number) =>
		operatingBoundMs(calls * TIMES[method], TIMES[method], OPERATING) + TIMES[method];
	const candidates = [
		{
			ms:
				serverTimeBoundMs(lookupRequests, lookupBatchMs, LANES) +
				serverTimeBoundMs(addRequests, addBatchMs, LANES),
			by: `the two passes' server time, ${LANES} requests in flight`,
		},
		{ ms: bucketBoundMs(lookupRequests + addRequests, BUCKET) + addBatchMs, by: 'request bucket' },
		...[FIND, ADD, GET].map((method) => ({
			ms: operating(method, items),
			by: `operating time of ${method}`,
		})),
	];
	const worst = candidates.reduce((a, b) => (b.ms > a.ms ? b : a));
	return { lookupRequests, addRequests, ...worst };
}

async function measure(sandbox: SandboxProcess) {
	await sandbox.control.setLimits({
		rate: { enabled: true, ...BUCKET },
		operating: { enabled: true, ...OPERATING, buckets: OPERATING.baskets },
		serverTime: { enabled: true, defaultMs: 0, byMethod: TIMES },
	});
	const webhook = await sandbox.control.createWebhook();
	await sleep((BUCKET.burst / BUCKET.drainPerSec) * 1000 + 500);
	const run = await runNodePhase(
		sandbox,
		PARAMETERS,
		itemsFrom(FIRST_CONTACT, N),
		limitedCredential(webhook.url),
	);
	const bound = lookupBound(N, COMPANIES);
	return {
		phase: `Add N=${N} by e-mail and company name (${COMPANIES} names), docs' server times`,
		items: N,
		requests: run.requests,
		requestsBound: bound.lookupRequests + bound.addRequests,
		lookupRequestsBound: bound.lookupRequests,
		addRequests: bound.addRequests,
		commands: run.commands,
		wallS: run.wallMs / 1000,
		boundS: bound.ms / 1000,
		boundBy: bound.by,
		ratioToBound: run.wallMs / bound.ms,
		answered503: run.answered503,
		refusedForOperatingTime: run.refusedForOperatingTime,
		failedItems: run.failedItems,
	};
}

async function main(): Promise<void> {
	const sandbox = await startSandboxProcess();
	try {
		await seed(sandbox);
		// Loads and warms up n8n and the node on other contacts, limits off.
		await sandbox.control.setLimits({
			rate: { enabled: false },
			operating: { enabled: false },
			serverTime: { enabled: false },
		});
		await runNodePhase(sandbox, PARAMETERS, itemsFrom(FIRST_CONTACT + N, WARM_UP), {
			rateLimitPlan: 'custom',
			requestsPerSecond: 1_000_000,
			burst: 1_000_000,
		});
		const row = await measure(sandbox);
		console.log(JSON.stringify(row, null, 1));
		const met = row.ratioToBound <= 1.1 && row.requests <= row.requestsBound && !row.failedItems;
		console.log(`${met ? 'met' : 'MISSED'}: wall / bound ≤ 1.10, requests ≤ bound, 0 failed`);
		writeFileSync(join(__dirname, 'lookups.json'), `${JSON.stringify(row, null, 1)}\n`);
	} finally {
		sandbox.stop();
	}
}

if (require.main === module) runWithDeadline(main, { ms: DEADLINE_MS, what: 'lookup bench' });
