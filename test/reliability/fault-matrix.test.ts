/**
 * The fault matrix: every fault kind in FAULT_KINDS (fault-kinds.ts) × the six operations × {one item, three items
 * batched}. Each case runs on a sandbox of its own (so cases run concurrently), with the faults
 * put in through the sandbox's control API, and checks:
 * - one output item or one error item per input item, in order, paired with it;
 * - an item that succeeded has exactly the output of a fault-free run (a reference run on a fresh
 *   sandbox), and its contact holds exactly the reference's bindings;
 * - an item that failed names the fault and says what to do, and its contact holds either the
 *   bindings from before or the reference's: never half a change;
 * - no other contact changed;
 * - REST requests stay within 1 + Max Retries (one request chain per case), and are exactly what
 *   the kind implies where that is fixed;
 * - no secret in anything the run shows (secret-scanner.ts).
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { SecretScanner } from './secret-scanner';
import type { Bindings, Operation } from './support';
import {
	OPERATIONS,
	bindingsOf,
	bindingsState,
	isErrorItem,
	pairOneToOne,
	refusedForLimit,
	reliabilitySandbox,
	restLog,
	run,
	storeFor,
	writeFigures,
} from './support';
import {
	BASE_OPTIONS,
	BATCH_SIZE,
	MODES,
	SETUP,
	itemsFor,
	parametersFor,
	type Case,
	type FaultKind,
	type Mode,
} from './fault-matrix-cases';
import { FAULT_KINDS } from './fault-kinds';

/** What a fault-free run of a case leaves: computed once per operation and mode, on its own sandbox. */
interface Reference {
	before: Bindings;
	after: Bindings;
	outputs: IDataObject[];
}

const references = new Map<string, Promise<Reference>>();

function referenceFor(operation: Operation, mode: Mode): Promise<Reference> {
	const key = `${operation} ${mode}`;
	let reference = references.get(key);
	if (!reference) {
		reference = (async () => {
			const sandbox = await reliabilitySandbox();
			try {
				const before = await bindingsState(sandbox);
				const store = await storeFor(sandbox, 'webhook');
				const items = itemsFor(operation, mode === 'single' ? 1 : BATCH_SIZE);
				const result = await run({
					parameters: parametersFor('webhook', operation, BASE_OPTIONS),
					store,
					items,
					continueOnFail: true,
				});
				const outputs = pairOneToOne(result, items.length).map((item) => item.json);
				expect(outputs.filter((json) => 'error' in json)).toEqual([]);
				return { before, after: await bindingsState(sandbox), outputs };
			} finally {
				await sandbox.close();
			}
		})();
		references.set(key, reference);
	}
	return reference;
}

const suiteScanner = new SecretScanner();
const figures = {
	cases: 0,
	faultKinds: FAULT_KINDS.length,
	operations: OPERATIONS.length,
	batchSize: BATCH_SIZE,
	itemsIn: 0,
	itemsOut: 0,
	itemsLost: 0,
	failedAsExpected: 0,
	recovered: 0,
	restRequests: 0,
};

async function runCase(kind: FaultKind, operation: Operation, mode: Mode): Promise<void> {
	const auth = kind.auth ?? 'webhook';
	const sandbox = await reliabilitySandbox();
	const scanner = new SecretScanner().watch(sandbox);
	try {
		const options = { ...BASE_OPTIONS, ...kind.options };
		const c: Case = {
			sandbox,
			store: await storeFor(sandbox, auth),
			auth,
			operation,
			mode,
			items: itemsFor(operation, mode === 'single' ? 1 : BATCH_SIZE),
			options,
		};
		const reference = await referenceFor(operation, mode);
		await kind.arrange(c);
		await sandbox.control.clearLog();
		// The warm-up of the operating-time kinds changes other contacts; this is the run's start.
		const before = await bindingsState(sandbox);

		const running = run({
			parameters: parametersFor(auth, operation, options),
			store: c.store,
			items: c.items,
			continueOnFail: true,
		});
		if (kind.during) await kind.during(c);
		const result = await running;
		if (kind.settleMs) await sleep(kind.settleMs);
		scanner.recordRun(`${kind.name} / ${operation} / ${mode}`, result);

		// One item out per item in, paired with it.
		const outputs = pairOneToOne(result, c.items.length);
		figures.itemsIn += c.items.length;
		figures.itemsOut += outputs.length;

		const after = await bindingsState(sandbox);
		const touched = new Set<number>();
		outputs.forEach((item, index) => {
			const expected = typeof kind.outcome === 'function' ? kind.outcome(index, c) : kind.outcome;
			const contactId = c.items[index].contactId as number | undefined;
			const known = contactId !== undefined && SETUP[operation].contacts.includes(contactId);
			if (known) touched.add(contactId);
			if (expected === 'ok') {
				expect(item.json).toEqual(
					kind.okOutput ? kind.okOutput(reference.outputs[index], c) : reference.outputs[index],
				);
				if (known)
					expect(bindingsOf(after, contactId)).toEqual(bindingsOf(reference.after, contactId));
				figures.recovered += 1;
			} else {
				expect(isErrorItem(item)).toBe(true);
				const text = `${String(item.json.error)}\n${String(item.json.description)}`;
				for (const pattern of kind.says ?? []) expect(text).toMatch(pattern);
				// Failed means not changed, or (a request the node gave up on was carried out late) changed wholly.
				if (known) {
					expect([
						bindingsOf(before, contactId),
						bindingsOf(reference.after, contactId),
					]).toContainEqual(bindingsOf(after, contactId));
				}
				figures.failedAsExpected += 1;
			}
		});
		// Nothing else changed.
		const untouched = (state: Bindings) =>
			Object.fromEntries(
				Object.entries(state).filter(([contact]) => !touched.has(Number(contact))),
			);
		expect(untouched(after)).toEqual(untouched(before));

		// Retries stay within their bound: every case is one request chain. Requests refused for a
		// limit are sent again as pacing, not as retries.
		const log = await restLog(sandbox);
		const requests = log.length;
		figures.restRequests += requests;
		if (kind.requests === undefined) expect(requests).toBeGreaterThanOrEqual(1);
		expect(log.filter((entry) => !refusedForLimit(entry)).length).toBeLessThanOrEqual(
			1 + options.maxRetries,
		);
		if (kind.requests !== undefined) {
			expect(requests).toBe(typeof kind.requests === 'function' ? kind.requests(c) : kind.requests);
		}
		await kind.check?.(c, result);

		expect(await scanner.flush()).toEqual([]);
		figures.cases += 1;
	} finally {
		await scanner.flush();
		suiteScanner.absorb(scanner);
		await sandbox.close();
	}
}

const CASES = FAULT_KINDS.flatMap((kind) =>
	OPERATIONS.flatMap((operation) => MODES.map((mode) => ({ kind, operation, mode }))),
);

describe('fault matrix: every item ends as one output or one error item, nothing half-done, retries bounded', () => {
	afterAll(async () => {
		expect(await suiteScanner.finish()).toEqual([]);
		figures.itemsLost = figures.itemsIn - figures.itemsOut;
		writeFigures('faultMatrix', { ...figures, secretScan: suiteScanner.counts });
	});

	describe.each(FAULT_KINDS.map((kind) => [kind.name, kind] as const))('%s', (_name, kind) => {
		it.concurrent.each(
			OPERATIONS.flatMap((operation) => MODES.map((mode) => [operation, mode] as const)),
		)('%s, %s', async (operation, mode) => await runCase(kind, operation, mode));
	});

	it('covers at least 14 fault kinds × 6 operations × 2 modes', () => {
		expect(FAULT_KINDS.length).toBeGreaterThanOrEqual(14);
		expect(CASES).toHaveLength(FAULT_KINDS.length * 12);
	});
});
