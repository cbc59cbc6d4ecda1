/**
 * Packing at the 50-command limit: how many requests the portal.sandbox receives, how many commands each
 * carries, and that every item's result comes back to that item (pairedItem and content).
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
			const result = await run(portal.sandbox, getParameters(), itemsFor(ids), { continueOnFail });

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
				setParameters(),
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
				setParameters({ returnBindings: false }),
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
