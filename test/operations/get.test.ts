/** Get's pure parts: the items.get call it plans, the name look-ups, and the items it shapes. */
import { get } from '../../nodes/Bitrix24/actions/bindings/get.operation';
import type { OperationInput } from '../../nodes/Bitrix24/actions/common/operationInput';
import type { OperationPlan } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { callResults } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { locator } from '../harness';
import { companyBinding, contactBinding } from '../sandbox/test-helpers';
import { operationInput, outputOf, refusal } from './operation-input';

const CONTACT_54 = [companyBinding(7, 100, 'Y'), companyBinding(8, 110, 'N')];

/** The second round Get plans once items.get has answered `bindings`. */
function followUpAfter(input: OperationInput, bindings: unknown[]): OperationPlan | undefined {
	const first = get.plan(input);
	return first.followUp?.(callResults(first.calls, [bindings]));
}

/** The output of both rounds: the bindings items.get answered, then the list pages. */
function outputWithNames(input: OperationInput, bindings: unknown[], pages: unknown[]) {
	const names = followUpAfter(input, bindings);
	if (!names) throw new Error('no name look-up was planned');
	return outputOf(names, pages);
}

describe('get: plan', () => {
	it.each([
		['an ID', locator(54)],
		['a contact link', locator('https://portal.example.com/crm/contact/details/54/', 'url')],
		['a number', 54],
	])('reads the contact from %s and asks items.get for it', (_form, contactId) => {
		expect(get.plan(operationInput({ contactId })).calls).toEqual([
			{ method: 'crm.contact.company.items.get', params: { id: 54 }, subject: 'contact 54' },
		]);
	});

	it("calls the family's own method for another resource", () => {
		const input = operationInput({ dealId: locator(1) }, { resource: 'dealContact' });
		expect(get.plan(input).calls).toEqual([
			{ method: 'crm.deal.contact.items.get', params: { id: 1 }, subject: 'deal 1' },
		]);
	});

	it('refuses a contact that is not a positive whole number, naming the item and the fix', () => {
		const { message, description } = refusal(() =>
			get.plan(operationInput({ contactId: locator('-3') }, { itemIndex: 4 })),
		);
		expect(message).toBe('Invalid Contact ID in item 4: -3 is not a positive number');
		expect(description).toContain('Give the ID of an existing contact as a positive whole number');
	});

	it('refuses an output choice it does not know', () => {
		const { message } = refusal(() =>
			get.plan(operationInput({ contactId: locator(54), output: 'perCompany' })),
		);
		expect(message).toBe('Invalid Output in item 0: "perCompany" is not a known choice');
	});
});

describe('get: follow-up for names', () => {
	it('asks for nothing when names are not wanted', () => {
		expect(followUpAfter(operationInput({ contactId: locator(54) }), CONTACT_54)).toBeUndefined();
	});

	it('asks for nothing when the contact has no companies to name', () => {
		const input = operationInput({ contactId: locator(82), includeNames: true });
		expect(followUpAfter(input, [])).toBeUndefined();
	});

	it('asks the company list for the bound IDs, a page of 50 at a time', () => {
		const input = operationInput({ contactId: locator(54), includeNames: true });
		const bound = Array.from({ length: 120 }, (_, index) =>
			companyBinding(index + 1, (index + 1) * 10, index === 0 ? 'Y' : 'N'),
		);
		const calls = followUpAfter(input, bound)?.calls ?? [];
		expect(calls.map((call) => call.method)).toEqual([
			'crm.company.list',
			'crm.company.list',
			'crm.company.list',
		]);
		expect(calls.map((call) => (call.params.filter as { '@ID': number[] })['@ID'].length)).toEqual([
			50, 50, 20,
		]);
		expect(calls[2].params).toEqual({
			filter: { '@ID': bound.slice(100).map((b) => b.COMPANY_ID) },
			select: ['ID', 'TITLE'],
		});
	});
});

describe('get: output', () => {
	it('puts out one item per binding by default, with the contact and camelCase fields', () => {
		expect(outputOf(get.plan(operationInput({ contactId: locator(54) })), [CONTACT_54])).toEqual([
			{ contactId: 54, companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
			{ contactId: 54, companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
		]);
	});

	it('puts out no item for a contact without companies, one per binding', () => {
		expect(outputOf(get.plan(operationInput({ contactId: locator(82) })), [[]])).toEqual([]);
	});

	it('puts out one item holding the list with "All Bindings in One Item", even when it is empty', () => {
		const input = (contactId: number) =>
			operationInput({ contactId: locator(contactId), output: 'perOwner' });
		expect(outputOf(get.plan(input(54)), [CONTACT_54])).toEqual([
			{
				contactId: 54,
				companies: [
					{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
					{ companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
				],
			},
		]);
		expect(outputOf(get.plan(input(82)), [[]])).toEqual([{ contactId: 82, companies: [] }]);
	});

	it('adds each name from the list pages, null for a record the list did not answer', () => {
		const input = operationInput({ contactId: locator(54), includeNames: true });
		const page = [{ ID: '7', TITLE: 'Alpha LLC' }];
		expect(outputWithNames(input, CONTACT_54, [page]).map((item) => item.companyName)).toEqual([
			'Alpha LLC',
			null,
		]);
	});

	it('names the contacts of a company by first and last name', () => {
		const input = operationInput(
			{ companyId: locator(13), includeNames: true },
			{ resource: 'companyContact' },
		);
		const page = [{ ID: '85', NAME: 'Ivan', LAST_NAME: 'Kuznetsov' }];
		expect(outputWithNames(input, [contactBinding(85, 10, 'Y')], [page])).toEqual([
			{
				companyId: 13,
				contactId: 85,
				isPrimary: true,
				sort: 10,
				roleId: 0,
				contactName: 'Ivan Kuznetsov',
			},
		]);
	});
});
