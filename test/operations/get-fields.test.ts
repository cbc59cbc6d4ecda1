/** Get Fields' pure parts: one fields call, and the field map as the item. */
import { getFields } from '../../nodes/Bitrix24/actions/bindings/getFields.operation';
import { operationInput, outputOf } from './operation-input';

describe('getFields: plan', () => {
	it('asks the family for its fields and needs no record', () => {
		expect(getFields.plan(operationInput({})).calls).toEqual([
			{ method: 'crm.contact.company.fields', params: {} },
		]);
		expect(getFields.plan(operationInput({}, { resource: 'quoteContact' })).calls).toEqual([
			{ method: 'crm.quote.contact.fields', params: {} },
		]);
	});
});

describe('getFields: output', () => {
	it('puts out the field map as Bitrix24 gave it, as one item', () => {
		const fields = {
			COMPANY_ID: { type: 'integer', isRequired: true },
			SORT: { type: 'integer', isRequired: false },
		};
		expect(outputOf(getFields.plan(operationInput({})), [fields])).toEqual([fields]);
	});

	it.each([[null], [[]], ['text']])(
		'puts out an empty object when the answer is not a map (%p)',
		(answer) => {
			expect(outputOf(getFields.plan(operationInput({})), [answer])).toEqual([{}]);
		},
	);
});
