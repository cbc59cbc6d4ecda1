/**
 * The reliability suites' committed figures (figures/*.json, written by a recorded run:
 * RELIABILITY_FIGURES_DIR=test/reliability/figures) and the tables FIGURES.md shows from them.
 * `npm run docs` puts these tables into FIGURES.md and the README's Reliability rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { count, table } from '../docs/format';

export interface ScanCounts {
	texts: number;
	characters: number;
	secrets: number;
	logLines: number;
	leaks: number;
}

interface Scanned {
	secretScan: ScanCounts;
}

export interface FaultMatrixFigures extends Scanned {
	cases: number;
	faultKinds: number;
	operations: number;
	/** Items in each batched case. */
	batchSize: number;
	itemsIn: number;
	itemsOut: number;
	itemsLost: number;
	failedAsExpected: number;
	recovered: number;
}

export interface PropertyFigures extends Scanned {
	runs: number;
	itemsIn: number;
	itemsOut: number;
	itemsLost: number;
	itemsFailedByFaults: number;
	doneWithoutReadBack: number;
	failedButCarriedOutLate: number;
	seed: number;
}

export interface BadInputFigures extends Scanned {
	inputsTried: number;
	itemLevel: number;
	webhookUrls: number;
	portalUrls: number;
	runs: number;
	requestsSeen: number;
	crashes: number;
}

export interface ConcurrencyFigures extends Scanned {
	scenarios: number;
	executions: number;
	refreshes: number;
	invalidGrants: number;
}

export interface ReliabilityFigures {
	faultMatrix: FaultMatrixFigures;
	/** The run `npm test` makes, and the documented full run. */
	property: PropertyFigures;
	propertyFull: PropertyFigures;
	badInputs: BadInputFigures;
	concurrency: ConcurrencyFigures;
}

export const FIGURES_DIR = join(__dirname, 'figures');
/** RELIABILITY_RUNS: by default, and in the documented full run. */
export const DEFAULT_RUNS = 40;
export const FULL_RUNS = 1000;

const read = <T>(suite: string): T =>
	JSON.parse(readFileSync(join(FIGURES_DIR, `${suite}.json`), 'utf8')) as T;

export function readReliabilityFigures(): ReliabilityFigures {
	return {
		faultMatrix: read('faultMatrix'),
		property: read(`property-${DEFAULT_RUNS}`),
		propertyFull: read(`property-${FULL_RUNS}`),
		badInputs: read('badInputs'),
		concurrency: read('concurrency'),
	};
}

/** All five suites' scanned texts, with the property run of `npm test` or the full one. */
export function textsScanned(f: ReliabilityFigures, full: boolean): number {
	const property = full ? f.propertyFull : f.property;
	return [f.faultMatrix, property, f.badInputs, f.concurrency].reduce(
		(sum, suite) => sum + suite.secretScan.texts,
		0,
	);
}

export function suitesTable(f: ReliabilityFigures): string {
	const m = f.faultMatrix;
	const p = f.propertyFull;
	const b = f.badInputs;
	const c = f.concurrency;
	return table(
		['Suite', 'What it tries', 'Result'],
		['left', 'left', 'left'],
		[
			[
				'`fault-matrix.test.ts`',
				`${count(m.faultKinds)} fault kinds × ${m.operations} operations × {1 item, ${m.batchSize} items batched} = **${count(m.cases)} cases**, ${count(m.itemsIn)} input items`,
				`${count(m.itemsOut)} items out (**${count(m.itemsLost)} lost**); ${count(m.recovered)} recovered with exactly the fault-free output; ${count(m.failedAsExpected)} failed as expected, each with a message that says what to do; none half-done; REST requests within 1 + Max Retries in every case`,
			],
			[
				'`property.test.ts`',
				`random items (valid and invalid) for Set/Add/Remove/Clear under random fault schedules; **${count(f.property.runs)} runs** by default, **${count(p.runs)} runs** in the full run`,
				`full run: ${count(p.itemsIn)} items in, ${count(p.itemsOut)} out (**${count(p.itemsLost)} lost**); the final state always equals a fault-free replay of the items reported done`,
			],
			[
				'`bad-inputs.test.ts`',
				`**${count(b.inputsTried)} generated bad inputs** (${count(b.itemLevel)} per item, ${count(b.webhookUrls)} webhook URLs, ${count(b.portalUrls)} OAuth2 portal URLs), each run with and without continue-on-fail (${count(b.runs)} runs)`,
				`all refused with the item and field (or the expected URL shape) named; **${count(b.requestsSeen)} requests** reached the sandbox; **${count(b.crashes)} crashes**`,
			],
			[
				'`concurrency.test.ts`',
				`${count(c.executions / c.scenarios)} executions at once over one OAuth2 credential across a token expiry, ${count(c.scenarios)} timings (${count(c.executions)} executions)`,
				`${count(c.refreshes)} refreshes in ${count(c.scenarios)} timings, ${count(c.invalidGrants)} \`invalid_grant\`, ${count(c.executions)} of ${count(c.executions)} executions succeed`,
			],
			[
				'`secret-scanner.test.ts`',
				'the scanner finds every kind of secret (a check that it can find them at all)',
				'—',
			],
		],
	);
}

export function secretScanTable(f: ReliabilityFigures): string {
	const runs: Array<[string, ScanCounts]> = [
		['fault matrix', f.faultMatrix.secretScan],
		[`property, ${count(f.property.runs)} runs`, f.property.secretScan],
		[`property, ${count(f.propertyFull.runs)} runs`, f.propertyFull.secretScan],
		['bad inputs', f.badInputs.secretScan],
		['concurrency', f.concurrency.secretScan],
	];
	return table(
		['Run', 'Texts scanned', 'Characters', 'Log lines', 'Distinct secrets', 'Found'],
		['left', 'right', 'right', 'right', 'right', 'right'],
		runs.map(([name, s]) => [
			name,
			count(s.texts),
			count(s.characters),
			count(s.logLines),
			count(s.secrets),
			count(s.leaks),
		]),
	);
}

/** The full property run's items that needed the documented exception, and the read-back failures. */
export function propertyExceptions(f: ReliabilityFigures): string {
	const p = f.propertyFull;
	return (
		`The ${count(p.runs)}-run had ${count(p.failedButCarriedOutLate)} such items out of ${count(p.itemsFailedByFaults)} failed items.\n` +
		`It also had ${count(p.doneWithoutReadBack)} items whose change was made but whose read-back failed.`
	);
}
