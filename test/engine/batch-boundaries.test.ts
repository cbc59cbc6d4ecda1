/**
 * Packing at the 50-command limit: how many requests the portal.sandbox receives, how many commands each
 * carries, and that every item's result comes back to that item (pairedItem and content). The
 * packing is seen with one request in flight; with the default 8, the last of a run are spread
 * over the lanes (engine/spread.ts), at the end of this file.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import {
	commandsPerRequest,
	companyOf,
	getParameters,
	itemsFor,
	pairedIndex,
	restLog,
	run,
	setParameters,
	useSeededSandbox,
} from './fixtures';

// Set changes the bindings that Get reads, so every test starts from the same portal.
const portal = useSeededSandbox(101);

/** One request at a time: each request is filled before the next, so packing shows alone. */
const ONE_LANE = { requestsInFlight: 1 };

function expectEachItemPaired(items: INodeExecutionData[], ids: number[]): void {
	expect(items).toHaveLength(ids.length);
	items.forEach((item, index) => {
		expect(pairedIndex(item)).toBe(index);
		expect(item.json.error).toBeUndefined();
		expect(item.json.contactId).toBe(ids[index]);
	});
}

/** Every item's commands went out exactly once, under its own key. */
function sentKeys(log: Awaited<ReturnType<typeof restLog>>): string[] {
	return log.flatMap((entry) => (entry.subCalls ?? []).map((call) => call.key)).sort();
}

// Without continue-on-fail every item is planned before the first request; with it, items are
// planned as the engine sends. Packing and pairing must not depend on which.
describe.each([
	['all items planned first', false],
	['items planned as sent (continue-on-fail)', true],
])('%s', (_mode, continueOnFail) => {
	describe('Get (1 command an item)', () => {
		it.each([
			[1, [1]],
			[49, [49]],
			[50, [50]],
			[51, [50, 1]],
			[101, [50, 50, 1]],
		])('%i items → requests of %j commands', async (count, expected) => {
			const ids = portal.contacts.slice(0, count);
			const result = await run(portal.sandbox, getParameters(ONE_LANE), itemsFor(ids), {
				continueOnFail,
			});

			const log = await restLog(portal.sandbox);
			expect(commandsPerRequest(log)).toEqual(expected);
			// A lone call goes direct; anything more goes through batch.
			expect(log.map((entry) => entry.method)).toEqual(
				count === 1 ? ['crm.contact.company.items.get'] : expected.map(() => 'batch'),
			);
			if (count > 1) expect(sentKeys(log)).toEqual(ids.map((_, index) => `i${index}_0`).sort());

			expectEachItemPaired(result.items, ids);
			result.items.forEach((item, index) => {
				expect(item.json.companies).toEqual([
					expect.objectContaining({ companyId: companyOf(ids[index]), sort: ids[index] }),
				]);
			});
		});
	});

	describe('Set with Return Bindings on (2 commands an item, kept in one request)', () => {
		it.each([
			[1, [2]],
			[49, [50, 48]],
			[50, [50, 50]],
			[51, [50, 50, 2]],
			[101, [50, 50, 50, 50, 2]],
		])('%i items → requests of %j commands', async (count, expected) => {
			const ids = portal.contacts.slice(0, count);
			// Each contact gets its own company, so a result that went to the wrong item shows.
			const result = await run(
				portal.sandbox,
				setParameters(ONE_LANE),
				itemsFor(ids, (id) => ({ companies: [companyOf(id + 1)] })),
				{
					continueOnFail,
				},
			);

			const log = await restLog(portal.sandbox);
			expect(commandsPerRequest(log)).toEqual(expected);
			expect(log.every((entry) => entry.method === 'batch')).toBe(true);
			// The change and its read-back travel together, in that order.
			for (const entry of log) {
				const methods = (entry.subCalls ?? []).map((call) => `${call.key}:${call.method}`);
				for (let index = 0; index < methods.length; index += 2) {
					expect(methods[index]).toMatch(/^i(\d+)_0:crm\.contact\.company\.items\.set$/);
					expect(methods[index + 1]).toBe(
						methods[index].replace('_0:', '_1:').replace('items.set', 'items.get'),
					);
				}
			}

			expectEachItemPaired(result.items, ids);
			result.items.forEach((item, index) => {
				expect(item.json.updated).toBe(true);
				expect(item.json.companies).toEqual([
					expect.objectContaining({ companyId: companyOf(ids[index] + 1) }),
				]);
			});
		});

		it('packs 1 command an item when Return Bindings is off: 51 items → 50 + 1', async () => {
			const ids = portal.contacts.slice(0, 51);
			const result = await run(
				portal.sandbox,
				setParameters({ ...ONE_LANE, returnBindings: false }),
				itemsFor(ids, () => ({ companies: [8] })),
				{
					continueOnFail,
				},
			);

			expect(commandsPerRequest(await restLog(portal.sandbox))).toEqual([50, 1]);
			expectEachItemPaired(result.items, ids);
			expect(
				result.items.every(
					(item) => item.json.updated === true && item.json.companies === undefined,
				),
			).toBe(true);
		});
	});
});

/** The lanes' requests reach the portal in any order. */
const largestFirst = (sizes: number[]) => [...sizes].sort((a, b) => b - a);

describe('the last requests of a run, spread over the 8 requests in flight', () => {
	it.each([
		// Get: 1 command an item; ceil(left / free lanes) each, as the lanes ask in turn; a handful
		// (fewer than 2 × 5) stays in one request
		['Get', 6, [6]],
		['Get', 49, [7, 6, 6, 6, 6, 6, 6, 6]],
		['Get', 101, [13, 13, 13, 13, 13, 12, 12, 12]],
	])('%s of %i items → requests of %j commands', async (_operation, count, expected) => {
		const ids = portal.contacts.slice(0, count);
		const result = await run(portal.sandbox, getParameters(), itemsFor(ids));

		const log = await restLog(portal.sandbox);
		expect(largestFirst(commandsPerRequest(log))).toEqual(expected);
		expect(sentKeys(log)).toEqual(ids.map((_, index) => `i${index}_0`).sort());
		expectEachItemPaired(result.items, ids);
	});

	it('sends a Set of 30 items as 8 requests of 3 or 4 items, each change with its read-back', async () => {
		const ids = portal.contacts.slice(0, 30);
		const result = await run(
			portal.sandbox,
			setParameters(),
			itemsFor(ids, (id) => ({ companies: [companyOf(id + 1)] })),
		);

		const log = await restLog(portal.sandbox);
		expect(largestFirst(commandsPerRequest(log))).toEqual([8, 8, 8, 8, 8, 8, 6, 6]);
		for (const entry of log) {
			const keys = (entry.subCalls ?? []).map((call) => call.key);
			expect(
				keys.filter((key) => key.endsWith('_0')).map((key) => key.replace('_0', '_1')),
			).toEqual(keys.filter((key) => key.endsWith('_1')));
		}
		expectEachItemPaired(result.items, ids);
		result.items.forEach((item, index) => {
			expect(item.json.companies).toEqual([
				expect.objectContaining({ companyId: companyOf(ids[index] + 1) }),
			]);
		});
	});
});
