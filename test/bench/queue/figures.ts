/**
 * What one queue-mode load did, from the three places that saw it: the sandbox's request log (what
 * the portal answered), PostgreSQL's execution_entity (how each execution ended) and each worker's
 * log (which worker ran which execution).
 */
import { existsSync, readFileSync, statSync } from 'fs';
import type { LogEntry } from '../../sandbox/types';
import { queryRows } from '../../n8n/queue/postgres';
import type { QueueReadyInfo } from '../../n8n/queue/ready';
import { bucketBoundMs } from '../bounds';
import { batchServerMs, BUCKET, CHEAP_TIMES, requestsNeeded } from '../scenario';
import type { LoadRun } from './load';

export interface QueueFigures {
	calls: number;
	itemsPerCall: number;
	workers: number;
	/** REST requests the portal received, and how many it refused with 503 QUERY_LIMIT_EXCEEDED. */
	requests: number;
	answered503: number;
	share503: number;
	/** Batch commands (or whole requests) refused with OPERATION_TIME_LIMIT. */
	operatingRefused: number;
	/** The fewest requests the load needs (batches of 50 commands), and the bucket's bound for them. */
	requestsNeeded: number;
	boundS: number;
	/** First call sent → last answer received. */
	wallS: number;
	ratioToBound: number | null;
	/** First → last request the portal received. */
	portalSpanS: number;
	/** Portal span / the bucket's max(0, R − burst) / rate, the least first → last request span: the pacing alone. */
	spanToBound: number | null;
	/** First call sent → first request at the portal: n8n's own work before the node sends (queueing, expressions). */
	leadInS: number;
	/** Last request at the portal → last answer: n8n storing the executions and answering the calls. */
	tailS: number;
	/**
	 * The same load with no limit anywhere (the unpaced baseline), when measured: the least time n8n
	 * itself needs for it on this machine. The bound with n8n's own work is the larger of it and the
	 * bucket's bound, since the load needs both.
	 */
	baselineWallS: number | null;
	/** The baseline's first call → first request: n8n queueing an execution and evaluating its items. */
	baselineLeadInS: number | null;
	boundWithN8nS: number | null;
	ratioToBoundWithN8n: number | null;
	executions: { total: number; byStatus: Record<string, number> };
	/** Executions started per worker, from its log. */
	executionsByWorker: Record<string, number>;
}

/** Where each log ends now, so a later read sees only what the load wrote. */
export function logOffsets(info: QueueReadyInfo): Record<string, number> {
	return Object.fromEntries(
		info.processes.map((p) => [p.name, existsSync(p.logFile) ? statSync(p.logFile).size : 0]),
	);
}

/** Execution ids each worker started after the offsets ("Worker started execution N (job N)"). */
export function executionsStartedByWorker(
	info: QueueReadyInfo,
	offsets: Record<string, number>,
): Record<string, string[]> {
	const result: Record<string, string[]> = {};
	for (const p of info.processes.filter((process) => process.name !== 'main')) {
		const text = existsSync(p.logFile)
			? readFileSync(p.logFile)
					.subarray(offsets[p.name] ?? 0)
					.toString('utf8')
			: '';
		result[p.name] = [...text.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
	}
	return result;
}

export async function executionStatuses(
	info: QueueReadyInfo,
	afterId: number,
): Promise<Array<{ id: string; status: string }>> {
	const rows = await queryRows(
		info.postgres.bin,
		info.postgres.port,
		`select id, status from execution_entity where "workflowId" = '${info.workflowId}' and id > ${afterId} order by id`,
	);
	return rows.map(([id, status]) => ({ id, status }));
}

export async function lastExecutionId(info: QueueReadyInfo): Promise<number> {
	const rows = await queryRows(
		info.postgres.bin,
		info.postgres.port,
		'select coalesce(max(id), 0) from execution_entity',
	);
	return Number(rows[0]?.[0] ?? 0);
}

const OPERATING = 'OPERATION_TIME_LIMIT';

export function restEntries(log: LogEntry[]): LogEntry[] {
	return log.filter((entry) => entry.method !== null);
}

export function operatingRefusals(log: LogEntry[]): number {
	return restEntries(log).reduce((sum, entry) => {
		if (entry.error === OPERATING) return sum + (entry.subCalls?.length || 1);
		return sum + (entry.subCalls ?? []).filter((sub) => sub.error === OPERATING).length;
	}, 0);
}

export function computeFigures(input: {
	itemsPerCall: number;
	run: LoadRun;
	log: LogEntry[];
	executions: Array<{ id: string; status: string }>;
	byWorker: Record<string, string[]>;
	baseline?: { wallMs: number; leadInMs: number };
}): QueueFigures {
	const { itemsPerCall, run, log, executions, byWorker, baseline } = input;
	const baselineWallMs = baseline?.wallMs;
	const calls = run.answers.length;
	const rest = restEntries(log);
	const answered503 = rest.filter((entry) => entry.status === 503).length;
	const times = rest.map((entry) => Date.parse(entry.at));
	const needed = calls * requestsNeeded('set', itemsPerCall, true);
	// The bucket's bound, plus the last request's own server time (test/bench/bounds.ts).
	const bucketMs = bucketBoundMs(needed, BUCKET);
	const boundMs = bucketMs + batchServerMs('set', CHEAP_TIMES);
	const byStatus: Record<string, number> = {};
	for (const { status } of executions) byStatus[status] = (byStatus[status] ?? 0) + 1;
	return {
		calls,
		itemsPerCall,
		workers: Object.keys(byWorker).length,
		requests: rest.length,
		answered503,
		share503: rest.length ? answered503 / rest.length : 0,
		operatingRefused: operatingRefusals(log),
		requestsNeeded: needed,
		boundS: boundMs / 1000,
		wallS: run.wallMs / 1000,
		ratioToBound: boundMs > 0 ? run.wallMs / boundMs : null,
		portalSpanS: times.length ? (Math.max(...times) - Math.min(...times)) / 1000 : 0,
		spanToBound:
			bucketMs > 0 && times.length ? (Math.max(...times) - Math.min(...times)) / bucketMs : null,
		leadInS: times.length ? (Math.min(...times) - run.startedAt) / 1000 : 0,
		tailS: times.length ? (run.startedAt + run.wallMs - Math.max(...times)) / 1000 : 0,
		baselineWallS: baselineWallMs === undefined ? null : baselineWallMs / 1000,
		baselineLeadInS: baseline ? baseline.leadInMs / 1000 : null,
		boundWithN8nS: baselineWallMs === undefined ? null : Math.max(boundMs, baselineWallMs) / 1000,
		ratioToBoundWithN8n:
			baselineWallMs === undefined ? null : run.wallMs / Math.max(boundMs, baselineWallMs),
		executions: { total: executions.length, byStatus },
		executionsByWorker: Object.fromEntries(
			Object.entries(byWorker).map(([name, ids]) => [name, ids.length]),
		),
	};
}

/**
 * The portal's requests and 503s in each second from its first request: whether the refusals come
 * at the start (the processes' bursts together) or all along (their rates together).
 */
export function refusalTimeline(log: LogEntry[]): Array<{ requests: number; answered503: number }> {
	const rest = restEntries(log);
	if (!rest.length) return [];
	const first = Math.min(...rest.map((entry) => Date.parse(entry.at)));
	const seconds: Array<{ requests: number; answered503: number }> = [];
	for (const entry of rest) {
		const second = Math.floor((Date.parse(entry.at) - first) / 1000);
		for (let i = seconds.length; i <= second; i++) seconds.push({ requests: 0, answered503: 0 });
		seconds[second].requests += 1;
		if (entry.status === 503) seconds[second].answered503 += 1;
	}
	return seconds;
}
