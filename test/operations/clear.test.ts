/** Clear's pure parts: one items.delete (and the read-back), and the item it puts out. */
import { clear } from '../../nodes/Bitrix24/actions/bindings/clear.operation';
import { locator } from '../harness';
import { operationInput, outputOf, refusal } from './operation-input';

describe('clear: plan', () => {
	it('asks items.delete for the contact, then reads the bindings back', () => {
		expect(clear.plan(operationInput({ contactId: locator(54) })).calls).toEqual([
			{ method: 'crm.contact.company.items.delete', params: { id: 54 }, subject: 'contact 54' },
			{
				method: 'crm.contact.company.items.get',
				params: { id: 54 },
				subject: 'contact 54',
				readBack: true,
			},
		]);
	});

	it('sends only items.delete with the read-back off, for a lead by its link', () => {
		const input = operationInput(
			{
				leadId: locator('https://portal.example.com/crm/lead/details/2/', 'url'),
				options: { returnBindings: false },
			},
			{ resource: 'leadContact' },
		);
		expect(clear.plan(input).calls).toEqual([
			{ method: 'crm.lead.contact.items.delete', params: { id: 2 }, subject: 'lead 2' },
		]);
	});

	it.each([
		['a missing contact', locator(''), 'an empty value'],
		// A long value is shown cut at 40 characters.
		[
			"a company's link",
			locator('https://portal.example.com/crm/company/details/7/', 'url'),
			'"https://portal.example.com/crm/company/d…"',
		],
	])('refuses %s before anything is planned', (_case, contactId, shown) => {
		const refused = refusal(() => clear.plan(operationInput({ contactId }, { itemIndex: 1 })));
		expect(refused.message).toBe(
			`Invalid Contact ID in item 1: ${shown} is not a positive whole number or a /crm/contact/details/ID/ link`,
		);
		expect(refused.description).toContain('paste its link from Bitrix24');
	});
});

describe('clear: output', () => {
	it('says cleared and gives the (empty) bindings read back', () => {
		expect(outputOf(clear.plan(operationInput({ contactId: locator(54) })), [true, []])).toEqual([
			{ contactId: 54, cleared: true, companies: [] },
		]);
	});

	it('says not cleared when Bitrix24 did not answer true', () => {
		const input = operationInput({ contactId: locator(54), options: { returnBindings: false } });
		expect(outputOf(clear.plan(input), [false])).toEqual([{ contactId: 54, cleared: false }]);
	});
});
