/** Add's pure parts: one add command per company (and the read-back), and the item it puts out. */
import { add } from '../../nodes/Bitrix24/actions/bindings/add.operation';
import { locator } from '../harness';
import { companyBinding } from '../sandbox/test-helpers';
import { operationInput, outputOf, refusal } from './operation-input';

const one = (extra: object = {}) => ({ contactId: locator(54), companyId: locator(10), ...extra });
const list = (text: string, extra: object = {}) => ({
	contactId: locator(54),
	companiesInput: 'json',
	companiesJson: text,
	...extra,
});
const addCall = (fields: object) => ({
	method: 'crm.contact.company.add',
	params: { id: 54, fields },
	subject: 'contact 54',
});
const READ_BACK = {
	method: 'crm.contact.company.items.get',
	params: { id: 54 },
	subject: 'contact 54',
	readBack: true,
};

describe('add: plan', () => {
	it('adds one company without IS_PRIMARY or SORT, so Bitrix24 applies its own rules', () => {
		expect(add.plan(operationInput(one())).calls).toEqual([addCall({ COMPANY_ID: 10 }), READ_BACK]);
	});

	it('marks it primary with "Y" and passes a sort it was given', () => {
		expect(add.plan(operationInput(one({ isPrimary: true, sort: 300 }))).calls[0]).toEqual(
			addCall({ COMPANY_ID: 10, IS_PRIMARY: 'Y', SORT: 300 }),
		);
	});

	it('plans one add per listed company, in list order, then one read-back', () => {
		const calls = add.plan(
			operationInput(list('[8, {"COMPANY_ID": 10, "IS_PRIMARY": "Y", "SORT": 50}]')),
		).calls;
		expect(calls).toEqual([
			addCall({ COMPANY_ID: 8 }),
			addCall({ COMPANY_ID: 10, IS_PRIMARY: 'Y', SORT: 50 }),
			READ_BACK,
		]);
	});

	it('takes up to 49 companies with the read-back and 50 without, since an item must fit one batch request', () => {
		const ids = (count: number) =>
			JSON.stringify(Array.from({ length: count }, (_, index) => index + 1));
		expect(add.plan(operationInput(list(ids(49)))).calls).toHaveLength(50);
		expect(
			add.plan(operationInput(list(ids(50), { options: { returnBindings: false } }))).calls,
		).toHaveLength(50);
		const { message, description } = refusal(() => add.plan(operationInput(list(ids(50)))));
		expect(message).toBe(
			"Invalid Companies in item 0: 50 companies are listed, more than the 49 that fit one Bitrix24 batch request with this item's other calls",
		);
		expect(description).toContain('Split the list over several items of at most 49 companies each');
	});

	it.each([
		[
			'a primary that is not yes or no',
			one({ isPrimary: 'maybe' }),
			'Invalid Primary in item 3: primary must be "Y", "N", true or false, not "maybe"',
			'Set Primary to true or false.',
		],
		[
			'a fractional sort',
			one({ sort: 1.5 }),
			'Invalid Sort in item 3: sort must be a positive whole number, not 1.5',
			'Give 0 for the default place',
		],
		[
			'a missing company',
			one({ companyId: locator('') }),
			'Invalid Company ID in item 3: an empty value',
			'existing company',
		],
		[
			'an unknown Companies Input',
			list('[8]', { companiesInput: 'table' }),
			'Invalid Companies Input in item 3: "table" is not a known choice',
			'Choose "single"',
		],
	])('refuses %s, naming the field and the fix', (_case, parameters, message, fix) => {
		const refused = refusal(() => add.plan(operationInput(parameters, { itemIndex: 3 })));
		expect(refused.message).toContain(message);
		expect(refused.description).toContain(fix);
	});
});

describe('add: output', () => {
	const after = [companyBinding(7, 100, 'Y'), companyBinding(10, 110, 'N')];

	it('says added, or already bound when Bitrix24 answered false', () => {
		const input = operationInput(one());
		expect(outputOf(add.plan(input), [true, after])).toEqual([
			{
				contactId: 54,
				companyId: 10,
				added: true,
				alreadyBound: false,
				companies: [
					{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
					{ companyId: 10, isPrimary: false, sort: 110, roleId: 0 },
				],
			},
		]);
		expect(outputOf(add.plan(input), [false, after])[0]).toMatchObject({
			added: false,
			alreadyBound: true,
		});
	});

	it('gives a result per listed company, and the read-back after them', () => {
		const [output] = outputOf(add.plan(operationInput(list('[8, 10]'))), [false, true, after]);
		expect(output.results).toEqual([
			{ companyId: 8, added: false, alreadyBound: true },
			{ companyId: 10, added: true, alreadyBound: false },
		]);
		expect(output.companies).toHaveLength(2);
	});

	it('gives no companies with the read-back off', () => {
		expect(
			outputOf(add.plan(operationInput(one({ options: { returnBindings: false } }))), [true]),
		).toEqual([{ contactId: 54, companyId: 10, added: true, alreadyBound: false }]);
	});
});
