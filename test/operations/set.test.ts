/** Set's pure parts: the list checked and turned into items.set, and the item it puts out. */
import { set } from '../../nodes/Bitrix24/actions/bindings/set.operation';
import { locator } from '../harness';
import { companyBinding } from '../sandbox/test-helpers';
import { operationInput, outputOf, refusal } from './operation-input';

const row = (companyId: number | string, isPrimary = false, sort = 0) => ({
	companyId: locator(companyId),
	isPrimary,
	sort,
});
const rows = (...list: object[]) => ({
	contactId: locator(82),
	companiesInput: 'fields',
	companies: { company: list },
});
const json = (text: string, extra: object = {}) => ({
	contactId: locator(82),
	companiesInput: 'json',
	companiesJson: text,
	...extra,
});
const READ_BACK = {
	method: 'crm.contact.company.items.get',
	params: { id: 82 },
	subject: 'contact 82',
	readBack: true,
};

describe('set: plan', () => {
	it('sends the rows as items.set with "Y"/"N" and every SORT explicit, then reads back', () => {
		expect(
			set.plan(operationInput(rows(row(8, true, 100), row(9, false, 200), row(10)))).calls,
		).toEqual([
			{
				method: 'crm.contact.company.items.set',
				params: {
					id: 82,
					items: [
						{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 100 },
						{ COMPANY_ID: 9, IS_PRIMARY: 'N', SORT: 200 },
						// Left at 0: right after the row above, so the list keeps its order.
						{ COMPANY_ID: 10, IS_PRIMARY: 'N', SORT: 210 },
					],
				},
				subject: 'contact 82',
			},
			READ_BACK,
		]);
	});

	it('takes JSON in the spellings users have: Bitrix24 fields, camelCase output of Get, plain IDs', () => {
		const calls = set.plan(
			operationInput(
				json(
					'[{"COMPANY_ID": 8, "IS_PRIMARY": "Y", "SORT": 5}, {"companyId": 9, "isPrimary": false}, 10]',
				),
			),
		).calls;
		expect(calls[0].params.items).toEqual([
			{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 5 },
			{ COMPANY_ID: 9, IS_PRIMARY: 'N', SORT: 15 },
			{ COMPANY_ID: 10, IS_PRIMARY: 'N', SORT: 25 },
		]);
	});

	it('leaves out the read-back when Return Bindings After Change is off', () => {
		const calls = set.plan(
			operationInput(json('[8]', { options: { returnBindings: false } })),
		).calls;
		expect(calls.map((call) => call.method)).toEqual(['crm.contact.company.items.set']);
	});

	it('reads the bindings first, in the same plan, when Report Change is on', () => {
		const calls = set.plan(operationInput(json('[8]', { options: { reportChange: true } }))).calls;
		expect(calls.map((call) => call.method)).toEqual([
			'crm.contact.company.items.get',
			'crm.contact.company.items.set',
			'crm.contact.company.items.get',
		]);
		expect(calls[0].readBack).toBeUndefined();
	});

	it('refuses an empty list, which would remove every company, and says to use Clear', () => {
		const { message, description } = refusal(() => set.plan(operationInput(json('[]'))));
		expect(message).toBe(
			'Invalid Companies in item 0: the list is empty, which would remove every binding',
		);
		expect(description).toContain('Use the Clear operation');
		expect(description).toContain('"Allow Empty List"');
	});

	it('clears with items.delete when an empty list is allowed (Bitrix24 cannot take an empty items list)', () => {
		const calls = set.plan(operationInput(json('[]', { allowEmptyList: true }))).calls;
		expect(calls).toEqual([
			{ method: 'crm.contact.company.items.delete', params: { id: 82 }, subject: 'contact 82' },
			READ_BACK,
		]);
	});

	it.each([
		[
			'a company twice',
			rows(row(8), row(9), row(8)),
			'company 8 is listed twice (row 1 and row 3)',
			'List each company once.',
		],
		[
			'two primaries',
			rows(row(8, true), row(9, true)),
			'more than one company is marked primary (row 1 and row 2)',
			'Bitrix24 makes the first one primary',
		],
		[
			'a bad company ID',
			rows(row(8), row('abc')),
			'row 2: Company ID:',
			'Fix row 2 of the companies list.',
		],
		[
			'a negative sort',
			json('[{"COMPANY_ID": 8, "SORT": -5}]'),
			'entry 0: sort must be a positive whole number, not -5',
			'Fix entry 0',
		],
		[
			'text that is not JSON',
			json('[8,'),
			'the text is not valid JSON',
			'Give a JSON list such as',
		],
		[
			'JSON that is not a list',
			json('{"COMPANY_ID": 8}'),
			'expected a list, got object',
			'Give a JSON list such as',
		],
	])('refuses %s, naming the row or entry', (_case, parameters, problem, fix) => {
		const { message, description } = refusal(() =>
			set.plan(operationInput(parameters, { itemIndex: 2 })),
		);
		expect(message).toContain('in item 2: ');
		expect(message).toContain(problem);
		expect(description).toContain(fix);
	});
});

describe('set: output', () => {
	const after = [companyBinding(8, 100, 'Y'), companyBinding(9, 200, 'N')];

	it('says updated and gives the bindings read back', () => {
		expect(outputOf(set.plan(operationInput(json('[8, 9]'))), [true, after])).toEqual([
			{
				contactId: 82,
				updated: true,
				companies: [
					{ companyId: 8, isPrimary: true, sort: 100, roleId: 0 },
					{ companyId: 9, isPrimary: false, sort: 200, roleId: 0 },
				],
			},
		]);
	});

	it('gives companies null when the read-back failed after the change was made', () => {
		expect(outputOf(set.plan(operationInput(json('[8]'))), [true])).toEqual([
			{ contactId: 82, updated: true, companies: null },
		]);
	});

	it('gives only the verdict when the read-back is off', () => {
		expect(
			outputOf(set.plan(operationInput(json('[8]', { options: { returnBindings: false } }))), [
				true,
			]),
		).toEqual([{ contactId: 82, updated: true }]);
	});

	it('reports what changed from the bindings before, in list order, with the primary before and after', () => {
		const input = operationInput({
			...json('[{"COMPANY_ID": 8, "IS_PRIMARY": "Y"}, 10]', { options: { reportChange: true } }),
			contactId: locator(54),
		});
		const before = [
			companyBinding(7, 100, 'Y'),
			companyBinding(8, 110, 'N'),
			companyBinding(9, 120, 'N'),
		];
		const [output] = outputOf(set.plan(input), [
			before,
			true,
			[companyBinding(8, 10, 'Y'), companyBinding(10, 20, 'N')],
		]);
		expect(output.change).toEqual({
			added: [10],
			removed: [7, 9],
			kept: [8],
			primaryBefore: 7,
			primaryAfter: 8,
		});
	});

	it("without a read-back, takes the primary after from Bitrix24's rule: the one marked, else the first", () => {
		const input = operationInput(
			json('[9, 10]', { options: { reportChange: true, returnBindings: false } }),
		);
		const [output] = outputOf(set.plan(input), [[companyBinding(9, 10, 'Y')], true]);
		expect(output).toEqual({
			contactId: 82,
			updated: true,
			change: { added: [10], removed: [], kept: [9], primaryBefore: 9, primaryAfter: 9 },
		});
	});
});
