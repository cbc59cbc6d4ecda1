/**
 * Set, Clear, Add and Remove against the sandbox, for one kind of credential (operations-suite.ts
 * runs them): the node's output, the sandbox's state afterwards and the requests it received,
 * checked against the pages in api-reference/crm/contacts/company/ of bitrix24/b24restdocs.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	bindingsOf,
	callsOf,
	companyRow,
	companyRows,
	companyUrl,
	contactUrl,
	jsonOf,
	locator,
	pairingOf,
	primaryCompanyOf,
	restLog,
} from './helpers';
import { CONTACT_54_OUTPUT, CONTACT_54_STATE, sentItem } from './operations-examples';
import { companyBinding } from '../sandbox/test-helpers';
import type { OperationsSuite } from './operations-suite';

export function describeChanges(suite: OperationsSuite): void {
	const { exec, onlyRequest } = suite;

	describe('Set', () => {
		const docExample = () =>
			companyRows(
				companyRow(8, true, 100),
				companyRow(9, false, 200),
				companyRow(companyUrl(10), false, 400, 'url'),
			);

		it('binds contact 82 as the items.set docs example does, reading the bindings back in the same batch', async () => {
			const result = await exec('set', {
				contactId: locator(82),
				companiesInput: 'fields',
				companies: docExample(),
			});

			expect(result.error).toBeUndefined();
			expect(await bindingsOf(suite.sandbox, 82)).toEqual([
				companyBinding(8, 100, 'Y'),
				companyBinding(9, 200, 'N'),
				companyBinding(10, 400, 'N'),
			]);
			expect(await primaryCompanyOf(suite.sandbox, 82)).toBe(8);
			const request = await onlyRequest();
			expect(request.method).toBe('batch');
			expect(callsOf(request)).toEqual([
				{
					method: 'crm.contact.company.items.set',
					params: {
						id: '82',
						items: [
							{ COMPANY_ID: '8', IS_PRIMARY: 'Y', SORT: '100' },
							{ COMPANY_ID: '9', IS_PRIMARY: 'N', SORT: '200' },
							{ COMPANY_ID: '10', IS_PRIMARY: 'N', SORT: '400' },
						],
					},
				},
				{ method: 'crm.contact.company.items.get', params: { id: '82' } },
			]);
			expect(jsonOf(result.items)).toEqual([
				{
					contactId: 82,
					updated: true,
					companies: [
						{ companyId: 8, isPrimary: true, sort: 100, roleId: 0 },
						{ companyId: 9, isPrimary: false, sort: 200, roleId: 0 },
						{ companyId: 10, isPrimary: false, sort: 400, roleId: 0 },
					],
				},
			]);
			expect(pairingOf(result.items)).toEqual([{ item: 0 }]);
		});

		it('sends items.set alone, directly, and outputs no bindings when "Return Bindings After Change" is off', async () => {
			const result = await exec('set', {
				contactId: locator(82),
				companies: docExample(),
				options: { returnBindings: false },
			});

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([{ contactId: 82, updated: true }]);
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.items.set');
			expect(request.params).toEqual({
				id: 82,
				items: [sentItem(8, 'Y', 100), sentItem(9, 'N', 200), sentItem(10, 'N', 400)],
			});
			expect((await bindingsOf(suite.sandbox, 82)).length).toBe(3);
		});

		it('replaces the whole set: bindings not listed are removed', async () => {
			const result = await exec('set', {
				contactId: locator(54),
				companies: companyRows(companyRow(10), companyRow(9)),
			});

			expect(result.error).toBeUndefined();
			// No primary marked: Bitrix24 makes the first primary; unset sorts are numbered 10, 20.
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([
				companyBinding(10, 10, 'Y'),
				companyBinding(9, 20, 'N'),
			]);
			expect(result.items[0].json.companies).toEqual([
				{ companyId: 10, isPrimary: true, sort: 10, roleId: 0 },
				{ companyId: 9, isPrimary: false, sort: 20, roleId: 0 },
			]);
		});

		it('accepts the JSON spellings and sends only "Y"/"N" strings and an explicit SORT for every binding', async () => {
			const list = [
				{ COMPANY_ID: 8, SORT: 100 },
				{ companyId: '9', IS_PRIMARY: true, sort: 200 },
				{ COMPANY_ID: 10, IS_PRIMARY: 'N' },
				{ companyId: 11, isPrimary: false, SORT: '300' },
				12,
			];
			const result = await exec('set', {
				contactId: locator(82),
				companiesInput: 'json',
				companiesJson: JSON.stringify(list),
				options: { returnBindings: false },
			});

			expect(result.error).toBeUndefined();
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.items.set');
			// A JSON body keeps types: a boolean or a missing SORT would show here.
			expect(request.params).toEqual({
				id: 82,
				items: [
					sentItem(8, 'N', 100),
					sentItem(9, 'Y', 200),
					sentItem(10, 'N', 210),
					sentItem(11, 'N', 300),
					sentItem(12, 'N', 310),
				],
			});
			expect(await primaryCompanyOf(suite.sandbox, 82)).toBe(9);
			// Bitrix24 lists bindings by SORT; a row without one stays where the user put it.
			expect(await bindingsOf(suite.sandbox, 82)).toEqual([
				companyBinding(8, 100, 'N'),
				companyBinding(9, 200, 'Y'),
				companyBinding(10, 210, 'N'),
				companyBinding(11, 300, 'N'),
				companyBinding(12, 310, 'N'),
			]);
		});

		it('takes "Y" and bare IDs in JSON mode and reads the result back in the batch', async () => {
			const result = await exec('set', {
				contactId: locator(82),
				companiesInput: 'json',
				companiesJson: '[9, {"COMPANY_ID": "10", "IS_PRIMARY": "Y"}, "8"]',
			});

			expect(result.error).toBeUndefined();
			const request = await onlyRequest();
			expect(callsOf(request)[0]).toEqual({
				method: 'crm.contact.company.items.set',
				params: {
					id: '82',
					items: [
						{ COMPANY_ID: '9', IS_PRIMARY: 'N', SORT: '10' },
						{ COMPANY_ID: '10', IS_PRIMARY: 'Y', SORT: '20' },
						{ COMPANY_ID: '8', IS_PRIMARY: 'N', SORT: '30' },
					],
				},
			});
			expect(await primaryCompanyOf(suite.sandbox, 82)).toBe(10);
			expect(result.items[0].json.companies).toEqual([
				{ companyId: 9, isPrimary: false, sort: 10, roleId: 0 },
				{ companyId: 10, isPrimary: true, sort: 20, roleId: 0 },
				{ companyId: 8, isPrimary: false, sort: 30, roleId: 0 },
			]);
		});

		it('clears through items.delete, never items.set with an empty list, when "Allow Empty List" is on', async () => {
			const result = await exec('set', {
				contactId: locator(54),
				companies: {},
				allowEmptyList: true,
			});

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([{ contactId: 54, updated: true, companies: [] }]);
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([]);
			expect(await primaryCompanyOf(suite.sandbox, 54)).toBeNull();
			expect(callsOf(await onlyRequest())).toEqual([
				{ method: 'crm.contact.company.items.delete', params: { id: '54' } },
				{ method: 'crm.contact.company.items.get', params: { id: '54' } },
			]);
		});

		it("runs many items in batches of at most 50 commands, keeping each item's change and read-back together", async () => {
			const items = Array.from({ length: 26 }, (_, index) => ({ company: 7 + (index % 14) }));
			const result = await exec(
				'set',
				{
					contactId: locator(82),
					companies: companyRows(companyRow('={{ $json.company }}', true, 100)),
				},
				items,
			);

			expect(result.error).toBeUndefined();
			expect(pairingOf(result.items)).toEqual(items.map((_, item) => ({ item })));
			// Each item reads back its own change: the batch runs its commands in order.
			expect(
				result.items.map((item) => (item.json.companies as IDataObject[]).map((c) => c.companyId)),
			).toEqual(items.map((item) => [item.company]));
			const log = await restLog(suite.sandbox);
			expect(log.map((entry) => entry.method)).toEqual(['batch', 'batch']);
			const perRequest = log.map((entry) => callsOf(entry).length).sort((a, b) => a - b);
			expect(perRequest).toEqual([2, 50]);
			// The two requests may run in either order; the last one decides.
			const [final] = (await bindingsOf(suite.sandbox, 82)) as IDataObject[];
			expect([items[24].company, items[25].company]).toContain(final.COMPANY_ID);
			expect(await bindingsOf(suite.sandbox, 82)).toEqual([
				{ COMPANY_ID: final.COMPANY_ID, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' },
			]);
		});
	});

	describe('Clear', () => {
		it('removes every binding of contact 54 and reads back the empty list in the same batch', async () => {
			const result = await exec('clear', { contactId: locator(54) });

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([{ contactId: 54, cleared: true, companies: [] }]);
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([]);
			expect(await primaryCompanyOf(suite.sandbox, 54)).toBeNull();
			const request = await onlyRequest();
			expect(request.method).toBe('batch');
			expect(callsOf(request)).toEqual([
				{ method: 'crm.contact.company.items.delete', params: { id: '54' } },
				{ method: 'crm.contact.company.items.get', params: { id: '54' } },
			]);
			// Other contacts keep theirs.
			expect(await bindingsOf(suite.sandbox, 85)).toHaveLength(2);
		});

		it('sends a lone items.delete directly when "Return Bindings After Change" is off', async () => {
			const result = await exec('clear', {
				contactId: locator(contactUrl(54), 'url'),
				options: { returnBindings: false },
			});

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([{ contactId: 54, cleared: true }]);
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.items.delete');
			expect(request.params).toEqual({ id: 54 });
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([]);
		});
	});

	describe('Add', () => {
		it('adds company 10 after the others, leaving primary and SORT to Bitrix24 when not given', async () => {
			const result = await exec('add', {
				contactId: locator(54),
				companyId: locator(10),
				isPrimary: false,
				sort: 0,
			});

			expect(result.error).toBeUndefined();
			const request = await onlyRequest();
			expect(callsOf(request)).toEqual([
				{ method: 'crm.contact.company.add', params: { id: '54', fields: { COMPANY_ID: '10' } } },
				{ method: 'crm.contact.company.items.get', params: { id: '54' } },
			]);
			// Docs (add): SORT defaults to the largest existing + 10.
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([
				...CONTACT_54_STATE,
				companyBinding(10, 130, 'N'),
			]);
			expect(jsonOf(result.items)).toEqual([
				{
					contactId: 54,
					companyId: 10,
					added: true,
					alreadyBound: false,
					companies: [
						...CONTACT_54_OUTPUT,
						{ companyId: 10, isPrimary: false, sort: 130, roleId: 0 },
					],
				},
			]);
		});

		it('makes the added company primary with IS_PRIMARY "Y" and sends its SORT', async () => {
			const result = await exec('add', {
				contactId: locator(54),
				companyId: locator(companyUrl(10), 'url'),
				isPrimary: true,
				sort: 5,
				options: { returnBindings: false },
			});

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([
				{ contactId: 54, companyId: 10, added: true, alreadyBound: false },
			]);
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.add');
			expect(request.params).toEqual({ id: 54, fields: sentItem(10, 'Y', 5) });
			expect(await primaryCompanyOf(suite.sandbox, 54)).toBe(10);
			const bindings = (await bindingsOf(suite.sandbox, 54)) as IDataObject[];
			expect(
				bindings
					.filter((binding) => binding.IS_PRIMARY === 'Y')
					.map((binding) => binding.COMPANY_ID),
			).toEqual([10]);
		});

		it('answers added:false, alreadyBound:true for a company already bound, and changes nothing', async () => {
			const before = await bindingsOf(suite.sandbox, 54);
			const result = await exec('add', { contactId: locator(54), companyId: locator(8) });

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([
				{
					contactId: 54,
					companyId: 8,
					added: false,
					alreadyBound: true,
					companies: CONTACT_54_OUTPUT,
				},
			]);
			expect(await bindingsOf(suite.sandbox, 54)).toEqual(before);
		});

		it('adds for several items in one batch, each reading back its own result', async () => {
			const result = await exec(
				'add',
				{ contactId: locator(84), companyId: locator('={{ $json.company }}') },
				[{ company: 10 }, { company: 11 }, { company: 10 }],
			);

			expect(result.error).toBeUndefined();
			expect(
				result.items.map((item) => [
					item.pairedItem,
					item.json.added,
					(item.json.companies as unknown[]).length,
				]),
			).toEqual([
				[{ item: 0 }, true, 1],
				[{ item: 1 }, true, 2],
				[{ item: 2 }, false, 2],
			]);
			// The first company of a contact becomes primary (docs: add).
			expect(await primaryCompanyOf(suite.sandbox, 84)).toBe(10);
			const log = await restLog(suite.sandbox);
			expect(log).toHaveLength(1);
			expect(callsOf(log[0]).map((call) => call.method)).toEqual([
				'crm.contact.company.add',
				'crm.contact.company.items.get',
				'crm.contact.company.add',
				'crm.contact.company.items.get',
				'crm.contact.company.add',
				'crm.contact.company.items.get',
			]);
		});
	});

	describe('Remove', () => {
		it('unbinds company 8 from contact 54', async () => {
			const result = await exec('remove', { contactId: locator(54), companyId: locator(8) });

			expect(result.error).toBeUndefined();
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([
				CONTACT_54_STATE[0],
				CONTACT_54_STATE[2],
			]);
			expect(callsOf(await onlyRequest())).toEqual([
				{ method: 'crm.contact.company.delete', params: { id: '54', fields: { COMPANY_ID: '8' } } },
				{ method: 'crm.contact.company.items.get', params: { id: '54' } },
			]);
			expect(jsonOf(result.items)).toEqual([
				{
					contactId: 54,
					companyId: 8,
					removed: true,
					wasBound: true,
					companies: [CONTACT_54_OUTPUT[0], CONTACT_54_OUTPUT[2]],
				},
			]);
		});

		it('answers removed:false for a company that was not bound', async () => {
			const result = await exec('remove', {
				contactId: locator(54),
				companyId: locator(10),
				options: { returnBindings: false },
			});

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([
				{ contactId: 54, companyId: 10, removed: false, wasBound: false },
			]);
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.delete');
			expect(request.params).toEqual({ id: 54, fields: { COMPANY_ID: 10 } });
			expect(await bindingsOf(suite.sandbox, 54)).toEqual(CONTACT_54_STATE);
		});

		it('makes the next company primary when the primary one is removed', async () => {
			const result = await exec('remove', {
				contactId: locator(contactUrl(54), 'url'),
				companyId: locator(7, 'list'),
			});

			expect(result.error).toBeUndefined();
			expect(await primaryCompanyOf(suite.sandbox, 54)).toBe(8);
			expect(await bindingsOf(suite.sandbox, 54)).toEqual([
				companyBinding(8, 110, 'Y'),
				companyBinding(9, 120, 'N'),
			]);
			expect(result.items[0].json.companies).toEqual([
				{ companyId: 8, isPrimary: true, sort: 110, roleId: 0 },
				{ companyId: 9, isPrimary: false, sort: 120, roleId: 0 },
			]);
		});
	});
}
