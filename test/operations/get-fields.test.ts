/** Get Fields' pure parts: one fields call, and the field map as the item. */
import { getFields } from '../../nodes/Bitrix24/actions/bindings/getFields.operation';
import { operationInput } from './operation-input';

describe('getFields: plan', () => {
	it('asks the family for its fields and needs no record', () => {
		expect(getFields.plan(operationInput({}))).toEqual([
			{ method: 'crm.contact.company.fields', params: {} },
		]);
		expect(getFields.plan(operationInput({}, { resource: 'quoteContact' }))).toEqual([
			{ method: 'crm.quote.contact.fields', params: {} },
		]);
	});
});

describe('getFields: shape', () => {
	it('puts out the field map as Bitrix24 gave it, as one item', () => {
		const fields = {
			COMPANY_ID: { type: 'integer', isRequired: true },
			SORT: { type: 'integer', isRequired: false },
		};
		expect(getFields.shape(operationInput({}), [fields])).toEqual([fields]);
	});

	it.each([[null], [[]], ['text']])(
		'puts out an empty object when the answer is not a map (%p)',
		(answer) => {
			expect(getFields.shape(operationInput({}), [answer])).toEqual([{}]);
		},
	);
});
