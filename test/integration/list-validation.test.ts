/**
 * The lists of Add and Remove are checked before any request: the sandbox log stays empty, and
 * the error names the item, the row or entry, and what to change. With continue-on-fail, a bad
 * item becomes an error item paired with its input while the others still run.
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

async function expectRefused(
	result: RunNodeResult,
	field: string,
	itemIndex = 0,
): Promise<{ message: string; fix: string }> {
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toContain(`Invalid ${field} in item ${itemIndex}:`);
	expect(result.items).toEqual([]);
	expect(await restLog(suite.sandbox)).toEqual([]);
	return { message: result.error?.message ?? '', fix: String(result.error?.description ?? '') };
}

const rows = (...list: IDataObject[]) => ({
	contactId: locator(54),
	companiesInput: 'fields',
	companies: companyRows(...list),
});
const json = (text: string, contactId: IDataObject = locator(54)) => ({
	contactId,
	companiesInput: 'json',
	companiesJson: text,
});

describe.each(['add', 'remove'])('%s', (operation) => {
	it('refuses a company listed twice, naming both places', async () => {
		const { message, fix } = await expectRefused(
			await exec(operation, json('[8, {"COMPANY_ID": 9}, {"companyId": "8"}]')),
			'Companies',
		);
		expect(message).toMatch(/company 8 is listed twice \(entry 0 and entry 2\)/);
		expect(fix).toBe('List each company once.');
	});

	it('refuses an entry that is not a company ID, naming the entry', async () => {
		const { message, fix } = await expectRefused(
			await exec(operation, json('[8, "Beta"]')),
			'Companies',
		);
		expect(message).toMatch(/entry 1: company ID: "Beta" is not a positive whole number/);
		expect(fix).toBe('Fix entry 1 of the companies list.');
	});

	it('refuses text that is not JSON, and JSON that is not a list, with an example of a list', async () => {
		const notJson = await expectRefused(await exec(operation, json('[8, 9')), 'Companies (JSON)');
		expect(notJson.message).toMatch(/not valid JSON/);
		expect(notJson.fix).toMatch(/Give a JSON list such as .*\[8, 9\]/);
		const notList = await expectRefused(
			await exec(operation, json('{"COMPANY_ID": 8}')),
			'Companies (JSON)',
		);
		expect(notList.message).toMatch(/expected a list, got object/);
	});

	it('refuses a row with a bad ID (from an expression; the editor checks typed ones)', async () => {
		const { message } = await expectRefused(
			await exec(operation, rows(companyRow(8), companyRow('={{ -3 }}'))),
			'Companies',
		);
		expect(message).toMatch(/row 2: Company ID: -3 is not a positive number/);
	});

	it('refuses more companies than fit one batch request with the read-back, and says how to split them', async () => {
		const fifty = JSON.stringify(Array.from({ length: 50 }, (_, i) => 1000 + i));
		const { message, fix } = await expectRefused(await exec(operation, json(fifty)), 'Companies');
		expect(message).toMatch(
			/50 companies are listed, more than the 49 that fit one Bitrix24 batch request/,
		);
		expect(fix).toMatch(/Split the list over several items of at most 49 companies each/);
	});

	it('refuses an unknown input mode (from an expression), saying which ones there are', async () => {
		const { fix } = await expectRefused(
			await exec(operation, {
				contactId: locator(54),
				companyId: locator(8),
				companiesInput: '={{ "many" }}',
			}),
			'Companies Input',
		);
		expect(fix).toMatch(/"single".*"fields".*"json"/);
	});

	it('with continue-on-fail, a bad item is an error item and the others run', async () => {
		const result = await exec(
			operation,
			json('={{ JSON.stringify($json.companies) }}', locator('={{ $json.contact }}')),
			[
				{ contact: 54, companies: [8] },
				{ contact: 54, companies: [9, 9] },
				{ contact: 85, companies: [12] },
			],
			true,
		);
		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [first, bad, third] = jsonOf(result.items);
		expect(bad.error).toMatch(/Invalid Companies in item 1: company 9 is listed twice/);
		expect(first.results).toHaveLength(1);
		expect(third.results).toHaveLength(1);
		const sent = (await restLog(suite.sandbox))
			.flatMap(callsOf)
			.filter((c) => !c.method.endsWith('items.get'));
		expect(sent.map((c) => (c.params as IDataObject).id)).toEqual(['54', '85']);
	});
});

describe('add', () => {
	it('refuses two companies marked primary, saying what Bitrix24 does with none', async () => {
		const { message, fix } = await expectRefused(
			await exec('add', rows(companyRow(10, true), companyRow(11), companyRow(12, true))),
			'Companies',
		);
		expect(message).toMatch(/more than one company is marked primary \(row 1 and row 3\)/);
		expect(fix).toMatch(
			/Mark at most one company as primary\. With none marked, the contact keeps its primary company/,
		);
	});

	it('refuses a bad primary or sort in JSON', async () => {
		const primary = await expectRefused(
			await exec('add', json('[{"COMPANY_ID": 10, "IS_PRIMARY": "maybe"}]')),
			'Companies',
		);
		expect(primary.message).toMatch(/entry 0: primary must be "Y", "N", true or false/);
		const sort = await expectRefused(
			await exec('add', json('[{"COMPANY_ID": 10, "SORT": -5}]')),
			'Companies',
		);
		expect(sort.message).toMatch(/entry 0: sort must be a positive whole number/);
	});

	it('takes 49 companies in one item: 49 adds and the read-back, one batch request of 50 commands', async () => {
		const ids = Array.from({ length: 49 }, (_, i) => 100 + i);
		const result = await exec('add', json(JSON.stringify(ids), locator(82)));
		expect(result.error).toBeUndefined();
		const log = await restLog(suite.sandbox);
		expect(log).toHaveLength(1);
		expect(callsOf(log[0])).toHaveLength(50);
		expect((await bindingsOf(suite.sandbox, 82)).map((b) => (b as IDataObject).COMPANY_ID)).toEqual(
			ids,
		);
	});
});

describe('remove', () => {
	it('ignores primary and sort in its list, so the output of Get can be given as it is', async () => {
		const result = await exec(
			'remove',
			json('[{"companyId": 8, "isPrimary": "whatever", "sort": -1}]'),
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.items)[0].results).toEqual([
			{ companyId: 8, removed: true, wasBound: true },
		]);
	});

	it('an empty list removes nothing and only reads the bindings', async () => {
		const result = await exec('remove', json('[]'));
		expect(jsonOf(result.items)).toEqual([
			{
				contactId: 54,
				results: [],
				companies: [
					{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
					{ companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
					{ companyId: 9, isPrimary: false, sort: 120, roleId: 0 },
				],
			},
		]);
		expect((await restLog(suite.sandbox)).flatMap(callsOf).map((c) => c.method)).toEqual([
			'crm.contact.company.items.get',
		]);
	});
});
