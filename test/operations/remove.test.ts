/** Remove's pure parts: one delete command per company (and the read-back), and the item it puts out. */
import { remove } from '../../nodes/Bitrix24/actions/bindings/remove.operation';
import { locator } from '../harness';
import { companyBinding } from '../sandbox/test-helpers';
import { operationInput, outputOf, refusal } from './operation-input';

const one = (extra: object = {}) => ({ contactId: locator(54), companyId: locator(8), ...extra });
const rows = (...ids: Array<number | string>) => ({
	contactId: locator(54),
	companiesInput: 'fields',
	companies: { company: ids.map((id) => ({ companyId: locator(id) })) },
});
const deleteCall = (companyId: number) => ({
	method: 'crm.contact.company.delete',
	params: { id: 54, fields: { COMPANY_ID: companyId } },
	subject: 'contact 54',
});

describe('remove: plan', () => {
	it('deletes the one company, then reads the bindings back', () => {
		expect(remove.plan(operationInput(one())).calls).toEqual([
			deleteCall(8),
			{
				method: 'crm.contact.company.items.get',
				params: { id: 54 },
				subject: 'contact 54',
				readBack: true,
			},
		]);
	});

	it('plans one delete per row, in order', () => {
		expect(
			remove.plan(operationInput({ ...rows(8, 11), options: { returnBindings: false } })).calls,
		).toEqual([deleteCall(8), deleteCall(11)]);
	});

	it('reads only the IDs of a JSON list, so the output of Get can be given as it is', () => {
		const fromGet = JSON.stringify([
			{ contactId: 54, companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
			{ contactId: 54, companyId: 9, isPrimary: true, sort: 120, roleId: 0 },
		]);
		const input = operationInput({
			contactId: locator(54),
			companiesInput: 'json',
			companiesJson: fromGet,
			options: { returnBindings: false },
		});
		expect(remove.plan(input).calls).toEqual([deleteCall(7), deleteCall(9)]);
	});

	it("uses the family's binding field for the contacts of a deal", () => {
		const input = operationInput(
			{ dealId: locator(1), contactId: locator(82), options: { returnBindings: false } },
			{ resource: 'dealContact' },
		);
		expect(remove.plan(input).calls).toEqual([
			{
				method: 'crm.deal.contact.delete',
				params: { id: 1, fields: { CONTACT_ID: 82 } },
				subject: 'deal 1',
			},
		]);
	});

	it('refuses a row without a company and a company listed twice', () => {
		expect(
			refusal(() => remove.plan(operationInput(rows(8, ''), { itemIndex: 1 }))).message,
		).toMatch(/^Invalid Companies in item 1: row 2: Company ID: /);
		expect(refusal(() => remove.plan(operationInput(rows(8, 11, 8)))).message).toBe(
			'Invalid Companies in item 0: company 8 is listed twice (row 1 and row 3)',
		);
	});
});

describe('remove: output', () => {
	it('says removed and was bound when Bitrix24 answered true, and neither when false', () => {
		const after = [companyBinding(7, 100, 'Y')];
		expect(outputOf(remove.plan(operationInput(one())), [true, after])).toEqual([
			{
				contactId: 54,
				companyId: 8,
				removed: true,
				wasBound: true,
				companies: [{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 }],
			},
		]);
		expect(outputOf(remove.plan(operationInput(one())), [false, after])[0]).toMatchObject({
			removed: false,
			wasBound: false,
		});
	});

	it('gives a result per row, and no companies with the read-back off', () => {
		const input = operationInput({ ...rows(8, 11), options: { returnBindings: false } });
		expect(outputOf(remove.plan(input), [true, false])).toEqual([
			{
				contactId: 54,
				results: [
					{ companyId: 8, removed: true, wasBound: true },
					{ companyId: 11, removed: false, wasBound: false },
				],
			},
		]);
	});
});
