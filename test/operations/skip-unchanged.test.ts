/** Skip Unchanged's pure parts: the read first, and the follow-up it decides on from what was read. */
import { clear } from '../../nodes/Bitrix24/actions/bindings/clear.operation';
import { set } from '../../nodes/Bitrix24/actions/bindings/set.operation';
import type { OperationPlan } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { callResults } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { locator } from '../harness';
import { operationInput, outputOf } from './operation-input';

const read = (current: unknown[]) => (plan: OperationPlan) =>
	plan.followUp?.(callResults(plan.calls, [current]));
const bound = (COMPANY_ID: number, SORT: number, primary = false) => ({
	COMPANY_ID: String(COMPANY_ID),
	SORT: String(SORT),
	IS_PRIMARY: primary ? 'Y' : 'N',
});
const setPlan = (json: string, options: object = { skipUnchanged: true }) =>
	set.plan(
		operationInput({
			contactId: locator(54),
			companiesInput: 'json',
			companiesJson: json,
			options,
		}),
	);

it('reads the bindings first, and nothing else', () => {
	expect(setPlan('[8, 9]').calls.map((call) => call.method)).toEqual([
		'crm.contact.company.items.get',
	]);
});

it('sends nothing more when the list is already in place, and says so with the bindings read', () => {
	const next = read([bound(8, 10, true), bound(9, 20)])(setPlan('[8, 9]'));
	expect(next?.calls).toEqual([]);
	expect(outputOf(next as OperationPlan, [])).toEqual([
		{
			contactId: 54,
			updated: false,
			unchanged: true,
			companies: [
				{ companyId: 8, isPrimary: true, sort: 10, roleId: 0 },
				{ companyId: 9, isPrimary: false, sort: 20, roleId: 0 },
			],
		},
	]);
});

it('sets and reads back when the bindings differ, and says it changed', () => {
	const next = read([bound(8, 10, true)])(setPlan('[8, 9]')) as OperationPlan;
	expect(next.calls.map((call) => call.method)).toEqual([
		'crm.contact.company.items.set',
		'crm.contact.company.items.get',
	]);
	expect(outputOf(next, [true, [bound(8, 10, true), bound(9, 20)]])[0]).toMatchObject({
		updated: true,
		unchanged: false,
	});
});

it('Clear reads first, and clears only a record with something bound', () => {
	const plan = clear.plan(
		operationInput({ contactId: locator(54), options: { skipUnchanged: true } }),
	);
	expect(read([])(plan)?.calls).toEqual([]);
	expect(read([bound(8, 10, true)])(plan)?.calls.map((call) => call.method)).toEqual([
		'crm.contact.company.items.delete',
		'crm.contact.company.items.get',
	]);
});
