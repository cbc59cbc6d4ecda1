/**
 * README figures from the committed reports: the benchmark (test/bench/report.json), queue mode
 * (test/bench/queue/report.json) and the reliability suites (test/reliability/figures/). The
 * tables are the reports' own renderers; only the sentences around them are put together here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchReport } from '../bench/render';
import { overheadTable, phaseTable } from '../bench/render';
import type { QueueReport } from '../bench/queue/render';
import { figureTable } from '../bench/queue/render';
import type { ReliabilityFigures } from '../reliability/figures';
import { readReliabilityFigures, textsScanned } from '../reliability/figures';
import { count, fixed, table } from './format';

const BENCH = join(__dirname, '..', 'bench');

export const readBenchReport = (): BenchReport =>
	JSON.parse(readFileSync(join(BENCH, 'report.json'), 'utf8')) as BenchReport;
export const readQueueReport = (): QueueReport =>
	JSON.parse(readFileSync(join(BENCH, 'queue', 'report.json'), 'utf8')) as QueueReport;

const day = (iso: string) => iso.slice(0, 10);

export function performanceSettings(r: BenchReport): string {
	const s = r.settings;
	const real = (ms: number) => fixed((ms * s.speedup) / 1000, 2);
	const docs = s.serverTimesMs.docs;
	return (
		`The stand-in runs on a clock ${s.speedup} times faster than Bitrix24's: the standard plan's bucket (burst ${s.bucket.burst}, ${s.bucket.drainPerSec} requests/s), ` +
		`each method's operating time (${s.operating.limitMs / 1000} s in any ${s.operating.windowMs / 1000} s, per webhook, in ${s.operating.baskets} baskets), ` +
		`and every call taking its server time (the docs' ${real(docs['crm.contact.company.items.set'])} s a Set and ${real(docs['crm.contact.company.items.get'])} s a Get, divided by ${s.speedup}; ` +
		`or, where the bucket should bind, the "cheap calls" of a portal with little data). ` +
		`The committed figures were measured on ${day(r.generatedAt)} on ${r.machine.cpus} CPUs with Node.js ${r.machine.node}:`
	);
}

export function performanceNotes(r: BenchReport): string {
	const neighbour = r.limited.find((row) => row.neighbour)?.neighbour;
	const lanes = (boundBy: string) => Number(/(\d+) in flight/.exec(boundBy)?.[1]);
	const inFlight = r.inFlight.map((row, index) => {
		const n = lanes(row.boundBy);
		return `${fixed(row.wallS, 1)} s with ${n}${index === 0 ? ' in flight' : ''}${n === r.settings.requestsInFlight ? ' (the default)' : ''}`;
	});
	const worst = Math.max(...r.inFlight.map((row) => row.ratioToBound));
	const lines = [
		`- Batched against one request per call, both held by the bucket: **${fixed(r.perItemComparison.ratio, 0)}×** more items a second.`,
		`- Where no limit binds (a self-hosted portal at the docs' server times), the requests in flight set the pace: ${count(r.inFlight[0]?.items ?? 0)} Sets took ${inFlight.join(', ')}, each within ${fixed(worst, 2)}× of ⌈requests / lanes⌉ × a batch's server time.`,
	];
	if (neighbour) {
		lines.splice(
			1,
			0,
			`- With the neighbour, the node's rate after its burst was **${fixed(r.neighbourShare * 100, 0)} %** of what the neighbour left, and the neighbour was served ${fixed(neighbour.servedPerSec, 2)} of its ${r.settings.neighbourPerSec} requests a second.`,
		);
	}
	return lines.join('\n');
}

export function performanceOverhead(r: BenchReport): string {
	const constant = r.overhead.find((row) => /constant/.test(row.workflow));
	const expressions = r.overhead.find((row) => /expression/.test(row.workflow));
	if (!constant || !expressions) return overheadTable(r.overhead);
	return (
		`With every limit and server time off, ${count(constant.items)} Set items take the node ${fixed(constant.nodeS, 2)} s against ${fixed(constant.bareS, 2)} s ` +
		`for a bare axios client posting the same batch bodies (**${fixed(constant.overhead, 1)}×**) when the parameters are constant, and ` +
		`${fixed(expressions.nodeS, 1)} s (${fixed(expressions.overhead, 1)}×) when every item's IDs come from expressions.`
	);
}

export function queueFigures(r: QueueReport): string {
	const f = r.figures;
	const s = r.settings;
	return [
		`Measured with \`${r.command}\` on ${day(r.generatedAt)} (${f.calls} concurrent calls × ${count(f.itemsPerCall)} items, ${s.workers} workers, ` +
			`expression engine ${s.expressionEngine}; the stand-in: ${s.sandboxPortal}, bucket burst ${s.sandboxBucket.burst}, ${s.sandboxBucket.drainPerSec} requests/s; the credential's plan ${s.credentialPlan}), ` +
			`n8n ${r.machine.n8n}, ${r.machine.cpus} cores, load average ${r.machine.loadAverage1m} at the end:`,
		'',
		figureTable(f),
	].join('\n');
}

export function reliabilityRows(f: ReliabilityFigures): string {
	const m = f.faultMatrix;
	const c = f.concurrency;
	return table(
		['What', 'Size', 'Result'],
		['left', 'left', 'left'],
		[
			[
				`Fault matrix: ${count(m.faultKinds)} fault kinds (503 bursts and a 503 that never lifts, an operating-time budget spent with room again inside or past Max Wait for Limits, 500 with and without a Bitrix24 code, 502 HTML, dropped connection, timeout, truncated JSON, empty body, expired/invalid token, missing scope, ACCESS_DENIED, Not found, errors on some batch commands, …) × ${m.operations} operations × {1 item, ${m.batchSize} batched}`,
				`${count(m.cases)} cases, ${count(m.itemsIn)} items`,
				`**${count(m.itemsLost)} items lost**; every item one output or one error item with its \`pairedItem\`; retries within 1 + Max Retries (requests refused for a limit are sent again as pacing, not retries)`,
			],
			[
				'Property runs (fast-check): random valid and invalid items under random fault schedules',
				`${count(f.propertyFull.runs)} runs (full), ${count(f.property.runs)} in \`npm test\``,
				`${count(f.propertyFull.itemsIn)} items in, ${count(f.propertyFull.itemsOut)} out; the final state always equals a fault-free run of the items reported done`,
			],
			[
				'Generated bad inputs (IDs, JSON lists, primaries, sorts, webhook and portal URLs)',
				count(f.badInputs.inputsTried),
				`all refused naming the item and field, **${count(f.badInputs.requestsSeen)} requests** sent, ${count(f.badInputs.crashes)} crashes`,
			],
			[
				`${count(c.executions / c.scenarios)} executions at once across an OAuth2 token expiry`,
				`${count(c.scenarios)} timings`,
				`${count(c.refreshes)} refreshes in ${count(c.scenarios)} timings, ${count(c.invalidGrants)} \`invalid_grant\`, all succeed`,
			],
			[
				"Secret scan of every output, error and log line above (and of n8n's stored executions, database and log in the end-to-end tests)",
				`${count(textsScanned(f, true))} texts with the ${count(f.propertyFull.runs)}-run property scan (${count(textsScanned(f, false))} with the ${count(f.property.runs)} runs of \`npm test\`)`,
				`**${count([m, f.property, f.propertyFull, f.badInputs, c].reduce((sum, suite) => sum + suite.secretScan.leaks, 0))} secrets shown**`,
			],
		],
	);
}

export function figureBlocks(): Record<string, string> {
	const bench = readBenchReport();
	return {
		'performance-settings': performanceSettings(bench),
		'performance-table': phaseTable(bench.limited),
		'performance-notes': performanceNotes(bench),
		'performance-overhead': performanceOverhead(bench),
		'queue-figures': queueFigures(readQueueReport()),
		reliability: reliabilityRows(readReliabilityFigures()),
	};
}
