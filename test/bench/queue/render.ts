/** A queue-mode load's figures as console lines, and as a small JSON and markdown report. */
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';
import { N8N_VERSION, readMarker } from '../../n8n/runtime';
import {
	batchServerMs,
	BUCKET,
	CHEAP_TIMES,
	METHODS_PER_ITEM,
	OPERATING,
	SPEEDUP,
} from '../scenario';
import type { QueueFigures } from './figures';

export interface QueueReport {
	generatedAt: string;
	command: string;
	/** The load average at the end: the machine is shared, and other work slows n8n down. */
	machine: { cpus: number; loadAverage1m: number; n8n: string };
	settings: {
		sandboxBucket: typeof BUCKET;
		/** The rest of the cloud portal the sandbox stands for, on the bench's clock. */
		sandboxPortal: string;
		/** t in the bound: one full batch's server time, ms. */
		batchServerMs: number;
		credentialPlan: string;
		workers: number;
		workerConcurrency: number;
		/** N8N_EXPRESSION_ENGINE: how n8n evaluates the node's parameters, its main per-item cost. */
		expressionEngine: string;
		setCommandsPerItem: number;
	};
	figures: QueueFigures;
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

/** A load's requests / 503s in each second of the portal's span, e.g. `40/12 20/3 20/0`. */
export function timelineLine(seconds: Array<{ requests: number; answered503: number }>): string {
	return `Requests/503s in each second from the portal's first request: ${seconds.map((s) => `${s.requests}/${s.answered503}`).join(' ')}`;
}

/** One line of a load's headline figures, to set several loads of one stack side by side. */
export function loadSummary(label: string, f: QueueFigures): string {
	return `${label}: ${f.requests} requests to the portal, ${f.answered503} answered 503 (${pct(f.share503)}); executions ${f.executions.byStatus.success ?? 0} succeeded / ${f.executions.total}; wall ${f.wallS.toFixed(2)} s`;
}

export function figureLines(f: QueueFigures): string[] {
	return [
		`Load: ${f.calls} concurrent webhook calls × ${f.itemsPerCall} items (Bitrix24 Set), ${f.workers} workers`,
		`Executions: ${f.executions.total} (${Object.entries(f.executions.byStatus)
			.map(([status, n]) => `${n} ${status}`)
			.join(', ')}); by worker: ${Object.entries(f.executionsByWorker)
			.map(([name, n]) => `${name} ${n}`)
			.join(', ')}`,
		`Requests to the portal: ${f.requests} (${f.requestsNeeded} needed); answered 503: ${f.answered503} = ${pct(f.share503)}`,
		`Commands refused for operating time (OPERATION_TIME_LIMIT): ${f.operatingRefused}`,
		`Wall time: ${f.wallS.toFixed(2)} s against the bound ${f.boundS.toFixed(2)} s (${f.ratioToBound === null ? 'inside the burst' : `${f.ratioToBound.toFixed(2)} × the bound`}); portal saw requests over ${f.portalSpanS.toFixed(2)} s`,
		`Before the first request: ${f.leadInS.toFixed(2)} s; after the last: ${f.tailS.toFixed(2)} s (n8n's own work)`,
		...(f.baselineWallS === null
			? []
			: [
					`Unpaced baseline (no limits anywhere): ${f.baselineWallS.toFixed(2)} s, first request after ${f.baselineLeadInS!.toFixed(2)} s; bound with n8n's own time max(bound, baseline) = ${f.boundWithN8nS!.toFixed(2)} s; wall / that = ${f.ratioToBoundWithN8n!.toFixed(2)}`,
				]),
	];
}

/** The load's figures as a Markdown table: in REPORT.md, and in the README (npm run docs). */
export function figureTable(f: QueueFigures): string {
	return [
		'| Figure | Value |',
		'|---|---:|',
		`| Executions (succeeded / all) | ${f.executions.byStatus.success ?? 0} / ${f.executions.total} |`,
		...Object.entries(f.executionsByWorker).map(
			([name, n]) => `| Executions run by ${name} | ${n} |`,
		),
		`| Requests needed (R) | ${f.requestsNeeded} |`,
		`| Requests the portal received | ${f.requests} |`,
		`| Answered 503 QUERY_LIMIT_EXCEEDED | ${f.answered503} (${pct(f.share503)}) |`,
		`| Commands refused with OPERATION_TIME_LIMIT | ${f.operatingRefused} |`,
		`| Wall time, first call → last answer (s) | ${f.wallS.toFixed(2)} |`,
		`| Bound T (s) | ${f.boundS.toFixed(2)} |`,
		`| Wall / bound | ${f.ratioToBound === null ? '–' : f.ratioToBound.toFixed(2)} |`,
		`| Portal's first → last request (s) | ${f.portalSpanS.toFixed(2)} |`,
		`| Portal span / bucket's least span (the pacing alone) | ${f.spanToBound === null ? '–' : f.spanToBound.toFixed(2)} |`,
		`| First call → first request (s) | ${f.leadInS.toFixed(2)} |`,
		`| Last request → last answer (s) | ${f.tailS.toFixed(2)} |`,
		...(f.baselineWallS === null
			? []
			: [
					`| Unpaced baseline: the same load, no limits anywhere (s) | ${f.baselineWallS.toFixed(2)} |`,
					`| Unpaced baseline: first call → first request (s) | ${f.baselineLeadInS!.toFixed(2)} |`,
					`| Bound with n8n's own time, max(T, baseline) (s) | ${f.boundWithN8nS!.toFixed(2)} |`,
					`| Wall / bound with n8n's own time | ${f.ratioToBoundWithN8n!.toFixed(2)} |`,
				]),
	].join('\n');
}

export function markdown(report: QueueReport): string {
	const f = report.figures;
	const s = report.settings;
	return [
		'# Queue mode: one portal, several workers',
		'',
		`Generated ${report.generatedAt} by \`${report.command}\`: n8n ${report.machine.n8n}, ${report.machine.cpus} cores, load average ${report.machine.loadAverage1m} at the end.`,
		'',
		`n8n in queue mode (main + ${s.workers} workers, concurrency ${s.workerConcurrency} each, PostgreSQL, Redis; expression engine ${s.expressionEngine}). ` +
			`${f.calls} concurrent calls of a production webhook, ${f.itemsPerCall} items each, run Bitrix24 Set ` +
			`(${s.setCommandsPerItem} commands an item, batched 50 a request) against the sandbox: ${s.sandboxPortal}, request bucket ` +
			`burst ${s.sandboxBucket.burst}, ${s.sandboxBucket.drainPerSec} requests/s; the credential's plan: ${s.credentialPlan}. ` +
			`Bound T = max(0, R − ${s.sandboxBucket.burst}) / ${s.sandboxBucket.drainPerSec} s + t for the R requests the load needs, t = ${s.batchServerMs} ms the last batch's server time ` +
			"(test/bench/bounds.ts); the operating time the load needs stays inside one window's limit, so the bucket sets the bound.",
		'',
		figureTable(f),
		'',
	].join('\n');
}

export function buildReport(
	command: string,
	figures: QueueFigures,
	workerConcurrency: number,
	expressionEngine: string,
	/** The credential left n8n Processes Sharing the Portal at its default (`--sharing default`). */
	sharingDefault = false,
): QueueReport {
	return {
		generatedAt: new Date().toISOString(),
		command,
		machine: {
			cpus: cpus().length,
			loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
			n8n: `${N8N_VERSION} on Node.js ${readMarker()?.node ?? '?'}`,
		},
		settings: {
			sandboxBucket: BUCKET,
			sandboxPortal:
				`a cloud portal on a clock ${SPEEDUP} times faster (the bench's), operating time ${OPERATING.limitMs / 1000} s of each method in any ${OPERATING.windowMs / 1000} s, ` +
				`cheap calls (${CHEAP_TIMES['crm.contact.company.items.set']} ms an items.set, ${CHEAP_TIMES['crm.contact.company.items.get']} ms an items.get)`,
			batchServerMs: batchServerMs('set', CHEAP_TIMES),
			credentialPlan: `custom, ${BUCKET.drainPerSec} requests/s, burst ${BUCKET.burst}, operating time ${OPERATING.limitMs / 1000} s per ${OPERATING.windowMs / 1000} s, ${sharingDefault ? `n8n Processes Sharing the Portal left at its default (1) with ${figures.workers} workers` : `shared by ${figures.workers} processes`}`,
			workers: figures.workers,
			workerConcurrency,
			expressionEngine,
			setCommandsPerItem: METHODS_PER_ITEM.set.length,
		},
		figures,
	};
}

export function writeReport(dir: string, report: QueueReport): void {
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, '\t')}\n`);
	writeFileSync(join(dir, 'REPORT.md'), markdown(report));
}

/**
 * Several loads of one stack (`--loads`, `--sharing default`): the settings as in report.json, the
 * first load's figures left out of them, and every load's figures in order, in second-load.json.
 * report.json and REPORT.md stay the default run's.
 */
export function writeLoadsReport(
	dir: string,
	report: QueueReport,
	loads: Array<{
		figures: QueueFigures;
		/** Requests and 503s in each second of the portal's span (refusalTimeline). */
		bySecond: Array<{ requests: number; answered503: number }>;
	}>,
): void {
	const { generatedAt, command, machine, settings } = report;
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'second-load.json'),
		`${JSON.stringify(
			{
				generatedAt,
				command,
				machine,
				settings,
				loads: loads.map(({ figures, bySecond }) => ({ ...figures, bySecond })),
			},
			null,
			'\t',
		)}\n`,
	);
}
