/**
 * Bad input is refused before any request: the sandbox log stays empty of REST calls, and the
 * error is a NodeOperationError naming the item and the field. With continue-on-fail, invalid
 * items become error items paired with their input and the valid ones still run.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunNodeResult } from '../harness';
import {
	bindingsOf,
	callsOf,
	companyRow,
	companyRows,
	jsonOf,
	locator,
	pairingOf,
	restLog,
	useWebhookSuite,
} from './helpers';

const suite = useWebhookSuite();
const { exec } = suite;

/** The run failed on input, before anything was sent. */
async function expectRefused(result: RunNodeResult, field: string, itemIndex = 0): Promise<string> {
	expect(result.error).toBeDefined();
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toContain(`Invalid ${field} in item ${itemIndex}:`);
	expect(result.items).toEqual([]);
	expect(await restLog(suite.sandbox)).toEqual([]);
	return result.error?.message ?? '';
}

const operationsWithContact = ['get', 'set', 'clear', 'add', 'remove'];

/** Parameters valid for each operation except the contact. */
function withContact(operation: string, contactId: IDataObject): IDataObject {
	const rest: Record<string, IDataObject> = {
		get: {},
		set: { companies: companyRows(companyRow(8)) },
		clear: {},
		add: { companyId: locator(8) },
		remove: { companyId: locator(8) },
	};
	return { contactId, ...rest[operation] };
}

describe('contact and company IDs', () => {
	// Literal values are checked by n8n's editor (the locator's regex); bad IDs reach the node
	// from expressions, so they are given through the item here.
	const badIds: Array<[string, IDataObject[string]]> = [
		['zero', 0],
		['zero text', '0'],
		['negative', -1],
		['negative text', '-1'],
		['fractional', 1.5],
		['fractional text', '1.5'],
		['not a number', 'abc'],
		['empty', ''],
		['null', null],
		['too large', '99999999999999999999'],
		['too large number', 1e21],
		['boolean', true],
	];
	const fromItem = locator('={{ $json.id }}');

	it.each([...badIds, ['company URL', 'https://portal.example.com/crm/company/details/54/']])(
		'refuses a %s contact ID (%p) in every operation',
		async (_label, value) => {
			for (const operation of operationsWithContact) {
				const result = await exec(operation, withContact(operation, fromItem), [{ id: value }]);
				await expectRefused(result, 'Contact ID');
			}
		},
	);

	it('refuses a literal 0 typed into the ID field', async () => {
		const message = await expectRefused(await exec('get', { contactId: locator(0) }), 'Contact ID');
		expect(message).toContain('0 is not a positive number');
	});

	it.each([...badIds, ['contact URL', 'https://portal.example.com/crm/contact/details/8/']])(
		'refuses a %s company ID (%p) in Add and Remove',
		async (_label, value) => {
			for (const operation of ['add', 'remove']) {
				const result = await exec(operation, { contactId: locator(54), companyId: fromItem }, [
					{ id: value },
				]);
				await expectRefused(result, 'Company ID');
			}
		},
	);

	it('says what was wrong and how to give an ID', async () => {
		const result = await exec('get', { contactId: fromItem }, [{ id: 'abc' }]);
		expect(result.error?.message).toContain('"abc"');
		expect(result.error?.description).toMatch(/positive whole number/);
		expect(result.error?.description).toMatch(/link/);
	});

	it('names the item that is wrong, and sends nothing for the valid items before it', async () => {
		const result = await exec('get', { contactId: fromItem }, [
			{ id: 54 },
			{ id: 83 },
			{ id: 'abc' },
		]);

		await expectRefused(result, 'Contact ID', 2);
		expect((result.error as unknown as { context?: IDataObject }).context?.itemIndex).toBe(2);
	});
});

describe('the Set list', () => {
	const set = (parameters: IDataObject) => exec('set', { contactId: locator(54), ...parameters });

	it('refuses a company listed twice, whichever way it is given', async () => {
		const message = await expectRefused(
			await set({
				companies: companyRows(
					companyRow(8),
					companyRow(9),
					companyRow('https://p.example.com/crm/company/details/8/', false, 0, 'url'),
				),
			}),
			'Companies',
		);
		expect(message).toMatch(/company 8 is listed twice \(row 1 and row 3\)/);

		await expectRefused(
			await set({ companiesInput: 'json', companiesJson: '[8, {"COMPANY_ID": "8"}]' }),
			'Companies',
		);
	});

	it('refuses more than one primary', async () => {
		const message = await expectRefused(
			await set({
				companies: companyRows(companyRow(8, true), companyRow(9), companyRow(10, true)),
			}),
			'Companies',
		);
		expect(message).toMatch(/more than one company is marked primary \(row 1 and row 3\)/);

		await expectRefused(
			await set({
				companiesInput: 'json',
				companiesJson:
					'[{"COMPANY_ID": 8, "IS_PRIMARY": "Y"}, {"companyId": 9, "isPrimary": true}]',
			}),
			'Companies',
		);
	});

	it.each([
		['no rows', { companies: {} }],
		['an empty row list', { companies: { company: [] } }],
		['an empty JSON list', { companiesInput: 'json', companiesJson: '[]' }],
		['empty JSON text', { companiesInput: 'json', companiesJson: '   ' }],
	])('refuses %s, pointing to Clear, and leaves the bindings alone', async (_label, parameters) => {
		const result = await set(parameters);

		await expectRefused(result, 'Companies');
		expect(result.error?.message).toMatch(/empty/);
		expect(result.error?.description).toMatch(/Clear/);
		expect(result.error?.description).toMatch(/Allow Empty List/);
		expect(await bindingsOf(suite.sandbox, 54)).toHaveLength(3);
	});

	it('clears with an empty list when "Allow Empty List" is on', async () => {
		const result = await set({
			companiesInput: 'json',
			companiesJson: '[]',
			allowEmptyList: true,
			options: { returnBindings: false },
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result.items)).toEqual([{ contactId: 54, updated: true }]);
		const log = await restLog(suite.sandbox);
		expect(log.map((entry) => [entry.method, entry.params])).toEqual([
			['crm.contact.company.items.delete', { id: 54 }],
		]);
		expect(await bindingsOf(suite.sandbox, 54)).toEqual([]);
	});

	it.each([
		['malformed JSON', '[{"COMPANY_ID": 8,', /not valid JSON/],
		['a JSON object', '{"COMPANY_ID": 8}', /expected a list, got object/],
		['JSON null', 'null', /expected a list, got null/],
		['a JSON number', '8', /expected a list, got number/],
		['a JSON string', '"8, 9"', /expected a list, got string/],
	])('refuses %s', async (_label, json, problem) => {
		const result = await set({ companiesInput: 'json', companiesJson: json });

		const message = await expectRefused(result, 'Companies (JSON)');
		expect(message).toMatch(problem);
		expect(result.error?.description).toMatch(/COMPANY_ID/);
	});

	it.each([
		[
			'a negative sort',
			companyRows(companyRow(8, false, -5)),
			{},
			/row 1: sort must be a positive whole number, not -5/,
		],
		[
			'a fractional sort',
			companyRows(companyRow(8), companyRow(9, false, 1.5)),
			{},
			/row 2: sort must be a positive whole number, not 1.5/,
		],
		[
			'a zero company',
			companyRows(companyRow(8), companyRow(0)),
			{},
			/row 2: Company ID: 0 is not a positive number/,
		],
		[
			'a company that is not a number',
			companyRows(companyRow('={{ $json.c }}')),
			{ c: 'acme' },
			/row 1: Company ID: "acme"/,
		],
		[
			'an empty company',
			companyRows(companyRow(8), companyRow('={{ $json.c }}')),
			{ c: '' },
			/row 2: Company ID: an empty value/,
		],
	])('refuses a row with %s', async (_label, companies, item, problem) => {
		const result = await exec('set', { contactId: locator(54), companies }, [item]);
		const message = await expectRefused(result, 'Companies');
		expect(message).toMatch(problem);
	});

	it.each([
		[
			'a negative SORT',
			'[{"COMPANY_ID": 8, "SORT": -10}]',
			/entry 0: sort must be a positive whole number/,
		],
		['a fractional SORT', '[8, {"COMPANY_ID": 9, "SORT": "2.5"}]', /entry 1: sort/],
		[
			'an unknown IS_PRIMARY',
			'[{"COMPANY_ID": 8, "IS_PRIMARY": "maybe"}]',
			/entry 0: primary must be "Y", "N", true or false/,
		],
		['a company ID that is not a number', '[{"COMPANY_ID": "abc"}]', /entry 0: company ID/],
		['a negative bare ID', '[8, -9]', /entry 1: company ID: -9 is not a positive number/],
		['an entry without an ID', '[{"SORT": 10}]', /entry 0: company ID/],
	])('refuses a JSON entry with %s', async (_label, json, problem) => {
		const message = await expectRefused(
			await set({ companiesInput: 'json', companiesJson: json }),
			'Companies',
		);
		expect(message).toMatch(problem);
	});
});

describe('Add', () => {
	it('refuses a negative or fractional sort', async () => {
		for (const sort of [-1, 2.5]) {
			const result = await exec('add', { contactId: locator(54), companyId: locator(10), sort });
			await expectRefused(result, 'Sort');
		}
	});
});

describe('with continue-on-fail', () => {
	it('turns invalid items into error items and still runs the valid ones, in one request', async () => {
		const result = await exec(
			'set',
			{
				contactId: locator('={{ $json.contact }}'),
				companies: companyRows(companyRow('={{ $json.company }}', true)),
			},
			[
				{ contact: 82, company: 8 },
				{ contact: 'abc', company: 8 },
				{ contact: 84, company: 0 },
				{ contact: 83, company: 10 },
			],
			true,
		);

		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const [first, second, third, fourth] = jsonOf(result.items);
		expect(first).toMatchObject({ contactId: 82, updated: true });
		expect(second.error).toMatch(/Invalid Contact ID in item 1/);
		expect(second.description).toMatch(/positive whole number/);
		expect(third.error).toMatch(/Invalid Companies in item 2: row 1: Company ID/);
		expect(fourth).toMatchObject({ contactId: 83, updated: true });
		expect(first.error).toBeUndefined();
		expect(fourth.error).toBeUndefined();

		const log = await restLog(suite.sandbox);
		expect(log).toHaveLength(1);
		expect(callsOf(log[0]).map((call) => [call.method, (call.params as IDataObject).id])).toEqual([
			['crm.contact.company.items.set', '82'],
			['crm.contact.company.items.get', '82'],
			['crm.contact.company.items.set', '83'],
			['crm.contact.company.items.get', '83'],
		]);
		expect(await bindingsOf(suite.sandbox, 84)).toEqual([]);
		expect(await bindingsOf(suite.sandbox, 83)).toEqual([
			{ COMPANY_ID: 10, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		]);
	});

	it('sends nothing when every item is invalid, and gives one error item each', async () => {
		const result = await exec(
			'clear',
			{ contactId: locator('={{ $json.contact }}') },
			[{ contact: 0 }, { contact: -3 }],
			true,
		);

		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(result.items).map((json) => json.error)).toEqual([
			expect.stringMatching(/Invalid Contact ID in item 0/),
			expect.stringMatching(/Invalid Contact ID in item 1/),
		]);
		expect(await restLog(suite.sandbox)).toEqual([]);
	});

	it('gives Get one item per binding of the valid items and one error item for the invalid one', async () => {
		const result = await exec(
			'get',
			{ contactId: locator('={{ $json.contact }}') },
			[{ contact: 85 }, { contact: '' }, { contact: 83 }],
			true,
		);

		expect(result.error).toBeUndefined();
		expect(
			result.items.map((item) => [item.pairedItem, item.json.companyId ?? item.json.error]),
		).toEqual([
			[{ item: 0 }, 12],
			[{ item: 0 }, 13],
			[{ item: 1 }, expect.stringMatching(/Invalid Contact ID in item 1: an empty value/)],
			[{ item: 2 }, 11],
		]);
	});
});
