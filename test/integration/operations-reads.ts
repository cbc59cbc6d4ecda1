/**
 * Get and Get Fields against the sandbox, for one kind of credential (operations-suite.ts runs
 * them): the node's output, and the requests the sandbox received, checked against the doc pages
 * api-reference/crm/contacts/company/crm-contact-company-items-get.md and -fields.md.
 */
import type { IDataObject } from 'n8n-workflow';

import { bindingsOf, callsOf, contactUrl, jsonOf, locator, pairingOf, restLog } from './helpers';
import { CONTACT_54_OUTPUT, CONTACT_54_STATE } from './operations-examples';
import type { OperationsSuite } from './operations-suite';

export function describeReads(suite: OperationsSuite): void {
	const { exec, onlyRequest } = suite;

	describe('Get', () => {
		it('reads contact 54 as the docs example shows: one item per binding, one direct items.get', async () => {
			const result = await exec('get', { contactId: locator(54) });

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual(
				CONTACT_54_OUTPUT.map((binding) => ({ contactId: 54, ...binding })),
			);
			expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.items.get');
			expect(request.params).toEqual({ id: 54 });
			expect(await bindingsOf(suite.sandbox, 54)).toEqual(CONTACT_54_STATE);
		});

		it('puts all bindings in one item with output "perOwner", and an empty list for a contact without any', async () => {
			const result = await exec('get', { contactId: '={{ $json.contact }}', output: 'perOwner' }, [
				{ contact: 54 },
				{ contact: 84 },
			]);

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items)).toEqual([
				{ contactId: 54, companies: CONTACT_54_OUTPUT },
				{ contactId: 84, companies: [] },
			]);
			expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('sends several items as one batch request and pairs each binding with its item', async () => {
			const result = await exec('get', { contactId: locator('={{ $json.contact }}') }, [
				{ contact: 85 },
				{ contact: 84 },
				{ contact: 54 },
			]);

			expect(result.error).toBeUndefined();
			expect(
				result.items.map((item) => [item.pairedItem, item.json.contactId, item.json.companyId]),
			).toEqual([
				[{ item: 0 }, 85, 12],
				[{ item: 0 }, 85, 13],
				[{ item: 2 }, 54, 7],
				[{ item: 2 }, 54, 8],
				[{ item: 2 }, 54, 9],
			]);
			const request = await onlyRequest();
			expect(request.method).toBe('batch');
			expect(request.params.halt).toBe(0);
			expect(callsOf(request)).toEqual([
				{ method: 'crm.contact.company.items.get', params: { id: '85' } },
				{ method: 'crm.contact.company.items.get', params: { id: '84' } },
				{ method: 'crm.contact.company.items.get', params: { id: '54' } },
			]);
		});

		it('sends one request per item when batching is off', async () => {
			const result = await exec(
				'get',
				{
					contactId: locator('={{ $json.contact }}'),
					output: 'perOwner',
					options: { batching: false },
				},
				[{ contact: 54 }, { contact: 83 }],
			);

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.items).map((json) => json.contactId)).toEqual([54, 83]);
			const log = await restLog(suite.sandbox);
			expect(log.map((entry) => [entry.method, entry.params])).toEqual(
				expect.arrayContaining([
					['crm.contact.company.items.get', { id: 54 }],
					['crm.contact.company.items.get', { id: 83 }],
				]),
			);
			expect(log).toHaveLength(2);
		});

		it('adds company names, read with crm.company.list in a second request, when "Include Names" is on', async () => {
			const result = await exec('get', {
				contactId: locator(54),
				includeNames: true,
				output: 'perOwner',
			});

			expect(result.error).toBeUndefined();
			const state = await suite.sandbox.control.getState();
			const titleOf = (id: number) => state.companies.find((company) => company.ID === id)?.TITLE;
			expect(jsonOf(result.items)).toEqual([
				{
					contactId: 54,
					companies: CONTACT_54_OUTPUT.map((binding) => ({
						...binding,
						companyName: titleOf(binding.companyId),
					})),
				},
			]);
			expect(titleOf(7)).toEqual(expect.any(String));
			const log = await restLog(suite.sandbox);
			expect(log.map((entry) => entry.method)).toEqual([
				'crm.contact.company.items.get',
				'crm.company.list',
			]);
			// `@ID`: the documented "in the list" filter of crm.company.list.
			expect(log[1].params.filter as IDataObject).toEqual({ '@ID': [7, 8, 9] });
		});

		it.each([
			['id', '54'],
			['list', '54'],
			['url', contactUrl(54)],
			['url', 'https://acme.bitrix24.de/crm/contact/details/54/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER'],
		] as const)(
			'takes the contact from a resource locator in "%s" mode (%s)',
			async (mode, value) => {
				const result = await exec('get', {
					contactId: { __rl: true, mode, value },
					output: 'perOwner',
				});

				expect(result.error).toBeUndefined();
				expect(jsonOf(result.items)).toEqual([{ contactId: 54, companies: CONTACT_54_OUTPUT }]);
				expect((await onlyRequest()).params).toEqual({ id: 54 });
			},
		);
	});

	describe('Get Fields', () => {
		it('returns the binding field map from one direct crm.contact.company.fields call', async () => {
			const result = await exec('getFields', {});

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			const fields = result.items[0].json;
			expect(Object.keys(fields).sort()).toEqual(['COMPANY_ID', 'IS_PRIMARY', 'SORT']);
			expect(fields.COMPANY_ID).toMatchObject({ type: 'integer', isRequired: true });
			expect(fields.IS_PRIMARY).toMatchObject({ type: 'char', isRequired: false });
			expect(fields.SORT).toMatchObject({ type: 'integer' });
			const request = await onlyRequest();
			expect(request.method).toBe('crm.contact.company.fields');
			expect(request.params).toEqual({});
		});

		it('gives one item per input item', async () => {
			const result = await exec('getFields', {}, [{}, {}]);

			expect(result.error).toBeUndefined();
			expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(result.items[1].json).toEqual(result.items[0].json);
			expect(callsOf((await restLog(suite.sandbox))[0]).map((call) => call.method)).toEqual([
				'crm.contact.company.fields',
				'crm.contact.company.fields',
			]);
		});
	});
}
