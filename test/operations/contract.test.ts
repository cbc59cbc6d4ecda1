/**
 * What every operation promises the router and the engine: it says why a retry may repeat its
 * calls, it reads its parameters only while planning, and its output finds each result by the
 * call that asked for it.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { BINDING_OPERATIONS } from '../../nodes/Bitrix24/actions/bindings';
import { add } from '../../nodes/Bitrix24/actions/bindings/add.operation';
import { engineOptionsProperty } from '../../nodes/Bitrix24/actions/common/engineOptions';
import type {
	BindingOperation,
	OperationInput,
} from '../../nodes/Bitrix24/actions/common/operationInput';
import type { OperationPlan } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { callResults } from '../../nodes/Bitrix24/actions/common/operationPlan';
import { ItemPlanner } from '../../nodes/Bitrix24/actions/planner';
import type { BitrixCall } from '../../nodes/Bitrix24/engine/types';
import { locator } from '../harness';
import { companyBinding } from '../sandbox/test-helpers';
import { operationInput, outputOf } from './operation-input';

/** An answer of the right kind for each method, so every output has something to build from. */
function answerTo(call: BitrixCall): unknown {
	if (call.method.endsWith('.items.get')) return [companyBinding(10, 100, 'Y')];
	if (call.method.endsWith('.fields')) return { COMPANY_ID: { type: 'integer' } };
	if (call.method.endsWith('.list')) return [{ ID: '10', TITLE: 'Alpha LLC' }];
	return true;
}

/** Runs a plan's rounds on made-up answers, as the router does, and gives the last output. */
function outputOfRounds(plan: OperationPlan): unknown[] {
	const results = callResults(plan.calls, plan.calls.map(answerTo));
	const next = plan.followUp?.(results);
	return next ? outputOfRounds(next) : plan.output(results);
}

/** Add and Remove take the one record; Set, whose list has no "single" choice, takes the rows. */
const SINGLE: IDataObject = {
	contactId: locator(54),
	companyId: locator(10),
	isPrimary: true,
	sort: 5,
	companies: { company: [{ companyId: locator(10), isPrimary: true, sort: 5 }] },
};
const LIST: IDataObject = {
	contactId: locator(54),
	companiesInput: 'json',
	companiesJson: '[10, {"COMPANY_ID": 11, "IS_PRIMARY": "Y"}]',
	includeNames: true,
	output: 'perOwner',
	options: { reportChange: true },
};

/** Each operation with each of the parameter sets, named for the test titles. */
const CASES: Array<[string, string, BindingOperation, IDataObject]> = BINDING_OPERATIONS.flatMap(
	(operation) => [
		[operation.value, 'one record', operation, SINGLE],
		[operation.value, 'a list, names, report', operation, LIST],
	],
);

describe('every operation', () => {
	it.each(BINDING_OPERATIONS.map((operation) => [operation.value, operation.repeatSafe]))(
		'%s says why repeating its calls is safe, or that it is not',
		(_value, repeatSafe) => {
			// A reason is a sentence, not a bare "yes".
			expect(repeatSafe === false || /\w+ \w+ \w+/.test(String(repeatSafe))).toBe(true);
		},
	);

	it.each(CASES)(
		'%s (%s) builds its output without reading a parameter again',
		(_value, _case, operation, values) => {
			const input = operationInput(values);
			let planned = false;
			const read: OperationInput['read'] = (name, fallback) => {
				if (planned) throw new Error(`"${name}" was read after plan() returned`);
				return input.read(name, fallback);
			};
			const plan = operation.plan({ ...input, read });
			planned = true;
			expect(outputOfRounds(plan).length).toBeGreaterThan(0);
		},
	);
});

describe('results by call', () => {
	const input = operationInput(SINGLE);

	it('gives undefined for a call that did not run, so a failed read-back gives null bindings', () => {
		expect(outputOf(add.plan(input), [true])).toEqual([
			{ contactId: 54, companyId: 10, added: true, alreadyBound: false, companies: null },
		]);
	});

	it('refuses a call that is not one of the plan, even an equal copy', () => {
		const call: BitrixCall = { method: 'crm.contact.company.items.get', params: { id: 54 } };
		const results = callResults([call], [[]]);
		expect(results.of(call)).toEqual([]);
		expect(() => results.of({ ...call })).toThrow('is not a call of this plan');
	});
});

describe('the planner', () => {
	const node = { name: 'Bitrix24', parameters: {} } as unknown as INode;
	const planned = (operation: BindingOperation) => {
		const planner = new ItemPlanner([operationInput(SINGLE)], operation, node, false);
		const [itemPlan] = [...planner];
		return { itemPlan, operationPlan: planner.operationPlans.get(0)! };
	};
	it('marks every call of an operation that is not safe to repeat, and the output still finds them', () => {
		const { itemPlan, operationPlan } = planned({ ...add, repeatSafe: false });
		expect(itemPlan.calls.map((call) => call.repeatSafe)).toEqual([false, false]);
		expect(itemPlan.calls).toBe(operationPlan.calls);
		expect(outputOf(operationPlan, [false, []])[0]).toMatchObject({
			alreadyBound: true,
			companies: [],
		});
	});

	it('leaves the calls of a repeat-safe operation as the operation made them', () => {
		const { itemPlan } = planned(add);
		expect(itemPlan.calls.every((call) => !('repeatSafe' in call))).toBe(true);
	});
});

describe('the options', () => {
	const shownFor = (name: string) =>
		(engineOptionsProperty.options as Array<{ name: string; displayOptions?: object }>).find(
			(option) => option.name === name,
		)?.displayOptions;

	it('show the read-back for the operations that change bindings, and Report Change for Set', () => {
		expect(shownFor('returnBindings')).toEqual({
			show: { '/operation': ['set', 'clear', 'add', 'remove'] },
		});
		expect(shownFor('reportChange')).toEqual({ show: { '/operation': ['set'] } });
	});
});
