/**
 * One benchmark phase: the portal set up as the phase says, a fresh webhook (so the operating-time
 * accounts start empty, on the portal and in the node), the node run over N items, and the bound.
 */
import { sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { DEFAULT_ENGINE_SETTINGS } from '../../nodes/Bitrix24/engine/types';
import type { Bucket, OperatingLimit } from './bounds';
import { bucketBoundMs, operatingBoundMs, serverTimeBoundMs } from './bounds';
import { startNeighbour } from './neighbour';
import { runNodePhase } from './node-phase';
import type { SandboxProcess } from './sandbox-process';
import type { Operation, ServerTimes } from './scenario';
import {
	BUCKET,
	METHODS_PER_ITEM,
	OPERATING,
	SPEEDUP,
	batchServerMs,
	itemsFor,
	parametersFor,
	requestsNeeded,
} from './scenario';

export interface PhaseSpec {
	name: string;
	operation: Operation;
	items: number;
	batching: boolean;
	times: ServerTimes;
	/** The request bucket and the operating-time limit on (a cloud portal), or neither (self-hosted). */
	limits: boolean;
	/** Requests a second that another client sends to the portal meanwhile. */
	neighbourPerSec?: number;
	requestsInFlight?: number;
}

export interface PhaseRow {
	phase: string;
	operation: Operation;
	items: number;
	requests: number;
	wallS: number;
	boundS: number;
	/** Which limit sets the bound. */
	boundBy: string;
	ratioToBound: number;
	itemsPerS: number;
	answered503: number;
	share503: number;
	refusedForOperatingTime: number;
	failedItems: number;
	neighbour?: { sent: number; refused: number; servedPerSec: number };
}

/** The node's credential: the plan's limits on the bench's clock, as the custom plan takes them. */
export function limitedCredential(
	webhookSecretUrl: string,
	bucket: Bucket = BUCKET,
	operating: OperatingLimit = OPERATING,
): ICredentialDataDecryptedObject {
	return {
		webhookSecretUrl,
		rateLimitPlan: 'custom',
		requestsPerSecond: bucket.drainPerSec,
		burst: bucket.burst,
		operatingLimitSeconds: operating.limitMs / 1000,
		operatingWindowSeconds: operating.windowMs / 1000,
	};
}

interface Bound {
	ms: number;
	by: string;
}

/** The least time any client could need for the phase's job (formulas in bounds.ts). */
export function boundOf(spec: PhaseSpec): Bound {
	const requests = requestsNeeded(spec.operation, spec.items, spec.batching);
	const methods = METHODS_PER_ITEM[spec.operation];
	const requestMs = spec.batching
		? batchServerMs(spec.operation, spec.times)
		: Math.max(...methods.map((m) => spec.times[m]));
	if (!spec.limits) {
		return {
			ms: serverTimeBoundMs(requests, requestMs, spec.requestsInFlight),
			by: `server time, ${spec.requestsInFlight} in flight`,
		};
	}
	const drain = BUCKET.drainPerSec - (spec.neighbourPerSec ?? 0);
	const bucket: Bound = {
		ms: bucketBoundMs(requests, { ...BUCKET, drainPerSec: drain }) + requestMs,
		by: 'request bucket',
	};
	const operating = methods.map((method) => ({
		ms:
			operatingBoundMs(spec.items * spec.times[method], spec.times[method], OPERATING) +
			spec.times[method],
		by: `operating time of ${method}`,
	}));
	return [bucket, ...operating].reduce((worst, next) => (next.ms > worst.ms ? next : worst));
}

export async function runPhase(sandbox: SandboxProcess, spec: PhaseSpec): Promise<PhaseRow> {
	await sandbox.control.setLimits({
		rate: { enabled: spec.limits, ...BUCKET },
		operating: { enabled: spec.limits, ...OPERATING, buckets: OPERATING.baskets },
		serverTime: { enabled: true, defaultMs: 0, byMethod: spec.times },
	});
	const webhook = await sandbox.control.createWebhook();
	// The node's copy of the bucket lives as long as this process: let it drain too.
	await sleep((BUCKET.burst / BUCKET.drainPerSec) * 1000 + 500);
	const neighbour = spec.neighbourPerSec
		? startNeighbour((await sandbox.control.createWebhook()).url, spec.neighbourPerSec)
		: undefined;
	const options: INodeParameters = {
		batching: spec.batching,
		maxLimitWaitMinutes: DEFAULT_ENGINE_SETTINGS.maxLimitWaitMs / 60_000 / SPEEDUP,
	};
	if (spec.requestsInFlight) options.requestsInFlight = spec.requestsInFlight;
	const run = await runNodePhase(
		sandbox,
		parametersFor(spec.operation, options),
		itemsFor(spec.items),
		limitedCredential(webhook.url),
	);
	const neighbourRun = await neighbour?.stop();
	const bound = boundOf(spec);
	const row: PhaseRow = {
		phase: spec.name,
		operation: spec.operation,
		items: spec.items,
		requests: run.requests,
		wallS: run.wallMs / 1000,
		boundS: bound.ms / 1000,
		boundBy: bound.by,
		ratioToBound: run.wallMs / bound.ms,
		itemsPerS: spec.items / (run.wallMs / 1000),
		answered503: run.answered503,
		share503: run.requests > 0 ? run.answered503 / run.requests : 0,
		refusedForOperatingTime: run.refusedForOperatingTime,
		failedItems: run.failedItems,
		neighbour: neighbourRun && {
			sent: neighbourRun.sent,
			refused: neighbourRun.refused,
			servedPerSec: (neighbourRun.sent - neighbourRun.refused) / neighbourRun.seconds,
		},
	};
	console.log(
		`  ${row.phase}: ${row.wallS.toFixed(2)} s (bound ${row.boundS.toFixed(2)} s, ${row.boundBy}), ${row.requests} requests, ` +
			`${row.answered503} × 503, ${row.refusedForOperatingTime} refused for operating time, ${row.failedItems} failed`,
	);
	return row;
}
