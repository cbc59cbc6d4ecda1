/**
 * Records named by e-mail, phone, company name or tax ID: how the node reads them from pickers,
 * rows and JSON, normalises them as Bitrix24 compares them, and plans an item around them (the
 * lookup round itself runs against the sandbox in test/integration/lookups.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { add } from '../../nodes/Bitrix24/actions/bindings/add.operation';
import { remove } from '../../nodes/Bitrix24/actions/bindings/remove.operation';
import { set } from '../../nodes/Bitrix24/actions/bindings/set.operation';
import { COMPANY, CONTACT, DEAL } from '../../nodes/Bitrix24/actions/entities';
import type { FoundRecords } from '../../nodes/Bitrix24/actions/lookups/found';
import { lookupKey } from '../../nodes/Bitrix24/actions/lookups/lookup';
import type { Lookup } from '../../nodes/Bitrix24/actions/lookups/lookup';
import { phoneMatchCode } from '../../nodes/Bitrix24/actions/lookups/matchCode';
import { firstPlan, foundPlan } from '../../nodes/Bitrix24/actions/lookups/planning';
import { entryLookup, locatorLookup } from '../../nodes/Bitrix24/actions/lookups/references';
import { commSearch, listCommand } from '../../nodes/Bitrix24/actions/lookups/searches';
import { normalizePhone } from '../sandbox/lookup-data';
import { locator } from '../harness';
import { operationInput, outputOf, refusal } from './operation-input';

const by = (mode: string, value: unknown) => ({ __rl: true, mode, value });

describe('phones, as Bitrix24 compares them', () => {
	// [server] main/tools.php NormalizePhone + DuplicateCommunicationCriterion::normalizePhone.
	it.each([
		['+7 (912) 345-67-89', '79123456789'],
		['8 912 345 67 89', '79123456789'],
		['0079123456789', '79123456789'],
		['+8 (912) 345-67-89', '89123456789'],
		['011 44 20 7946 0958', '442079460958'],
		['8 800 555-35-35', '78005553535'],
		['810 44 20 7946 0958', '810442079460958'],
		['+49 30 1234567#12', '49301234567'],
		['89123456789;123', '79123456789'],
		['0 30 1234 5678', '3012345678'],
		['345-67-89', '3456789'],
	])('%s is %s, in the node and in the sandbox', (written, code) => {
		expect(phoneMatchCode(written)).toBe(code);
		// The sandbox's reading of the server code, written apart from the node's.
		expect(normalizePhone(written)).toBe(code);
	});
});

describe('reading a record named by a value', () => {
	it('takes the picker modes of each record type, and refuses a value that cannot be one', () => {
		expect(locatorLookup(CONTACT, by('email', ' Ann@Example.com '))).toEqual({
			ok: true,
			value: { kind: 'email', entity: CONTACT, value: 'Ann@Example.com' },
		});
		expect(locatorLookup(CONTACT, by('id', '54'))).toBeUndefined();
		expect(locatorLookup(CONTACT, '54')).toBeUndefined();
		expect(locatorLookup(CONTACT, by('email', 'ann'))).toEqual({
			ok: false,
			problem: '"ann" is not an e-mail address',
		});
		expect(locatorLookup(CONTACT, by('phone', 'call me'))).toMatchObject({ ok: false });
		expect(locatorLookup(COMPANY, by('email', 'a@b.c'))).toEqual({
			ok: false,
			problem: 'a company cannot be found by e-mail',
		});
		expect(locatorLookup(DEAL, by('companyName', 'Website'))).toMatchObject({ ok: false });
		expect(locatorLookup(COMPANY, by('taxId', 7707083893))).toMatchObject({
			ok: true,
			value: { kind: 'taxId', value: '7707083893' },
		});
	});

	it.each<[IDataObject, string, string]>([
		[{ email: 'a@b.c' }, 'email', 'a@b.c'],
		[{ 'E-Mail': 'a@b.c' }, 'email', 'a@b.c'],
		[{ EMAIL: 'a@b.c' }, 'email', 'a@b.c'],
		[{ phone: '+7 912' }, 'phone', '+7 912'],
	])('a contact entry %j is a lookup by %s', (entry, kind, value) => {
		expect(entryLookup(CONTACT, entry)).toMatchObject({ ok: true, value: { kind, value } });
	});

	it.each<[IDataObject, string]>([
		[{ companyName: 'Alpha' }, 'companyName'],
		[{ name: 'Alpha' }, 'companyName'],
		[{ TITLE: 'Alpha' }, 'companyName'],
		[{ taxId: '77' }, 'taxId'],
		[{ RQ_INN: '77' }, 'taxId'],
		[{ vatId: '77' }, 'taxId'],
	])('a company entry %j is a lookup by %s', (entry, kind) => {
		expect(entryLookup(COMPANY, entry)).toMatchObject({ ok: true, value: { kind } });
	});

	it('refuses an entry with two ways, or a way the record type has not', () => {
		expect(entryLookup(COMPANY, { companyName: 'A', taxId: '1' })).toEqual({
			ok: false,
			problem: '"companyName" and "taxId" both name the company: give one of them',
		});
		expect(entryLookup(CONTACT, { name: 'Ivan' })).toEqual({
			ok: false,
			problem: 'a contact cannot be found by name',
		});
		expect(entryLookup(COMPANY, { isPrimary: true })).toBeUndefined();
	});
});

/** What the lookup round would have found: IDs by value. */
function found(entries: Array<[Lookup, number[]]>): FoundRecords {
	return { byKey: new Map(entries.map(([lookup, ids]) => [lookupKey(lookup), { ok: true, ids }])) };
}

const email = (value: string): Lookup => ({ kind: 'email', entity: CONTACT, value });
const named = (value: string): Lookup => ({ kind: 'companyName', entity: COMPANY, value });

describe('planning an item that names records by value', () => {
	const params = {
		contactId: by('email', 'ann@example.com'),
		companiesInput: 'json',
		companiesJson: '[{"companyName": "Alpha LLC", "IS_PRIMARY": "Y"}, 9]',
	};

	it('first plans with stand-ins and gives the lookups; then plans with the IDs and says what each found', () => {
		const first = firstPlan(add, operationInput(params));
		expect(first.lookups.map(({ kind, entity, value }) => [kind, entity.label, value])).toEqual([
			['email', 'contact', 'ann@example.com'],
			['companyName', 'company', 'Alpha LLC'],
		]);

		const found7 = found([
			[email('ANN@example.com'), [54]],
			[named('alpha llc'), [7]],
		]);
		const plan = foundPlan(add, operationInput(params), found7);
		expect(plan.calls.map((call) => call.params)).toEqual([
			{ id: 54, fields: { COMPANY_ID: 7, IS_PRIMARY: 'Y' } },
			{ id: 54, fields: { COMPANY_ID: 9 } },
			{ id: 54 },
		]);
		const [output] = outputOf(plan, [true, true, []]);
		expect(output.resolved).toEqual([
			{ email: 'ann@example.com', contactId: 54 },
			{ companyName: 'Alpha LLC', companyId: 7 },
		]);
	});

	it('refuses the same value twice before any request, naming it', () => {
		const input = operationInput({
			contactId: locator(54),
			companiesInput: 'json',
			companiesJson: '[{"taxId": "77"}, {"RQ_INN": " 77 "}]',
		});
		expect(refusal(() => firstPlan(set, input)).message).toBe(
			'Invalid Companies in item 0: the company with tax ID "77" is listed twice (entry 0 and entry 1)',
		);
	});

	it('fails an item whose value found no record, or several unless the oldest is chosen', () => {
		const input = (options: IDataObject = {}) =>
			operationInput({ contactId: locator(54), companyId: by('companyName', 'Alpha'), options });
		expect(refusal(() => foundPlan(remove, input(), found([[named('Alpha'), []]])))).toEqual({
			message: 'No company is named "Alpha" (Company, item 0)',
			description: expect.stringContaining('crm.company.list'),
		});
		const two = found([[named('Alpha'), [7, 20]]]);
		expect(refusal(() => foundPlan(remove, input(), two)).message).toBe(
			'2 companies are named "Alpha" (Company, item 0): IDs 7, 20',
		);
		const oldest = foundPlan(remove, input({ severalMatches: 'oldest' }), two);
		expect(oldest.calls[0].params).toEqual({ id: 54, fields: { COMPANY_ID: 7 } });
	});

	it('leaves an item that names records by ID exactly as it was: no lookups, no `resolved`', () => {
		const input = operationInput({ contactId: locator(54), companyId: locator(8) });
		const { plan, lookups } = firstPlan(add, input);
		expect(lookups).toEqual([]);
		expect(outputOf(plan, [true, []])[0]).not.toHaveProperty('resolved');
	});
});

describe("reading a list command's answer", () => {
	const search = { method: 'crm.company.list', field: 'TITLE', filter: {}, idField: 'ID' };
	const rows = (titles: string[]) =>
		titles.map((TITLE, index) => ({ ID: String(index + 1), TITLE }));

	it('gives each value the rows that carry it, accents and case aside', () => {
		const command = listCommand(search, [named('Cafe Nord'), named('Alpha')]);
		const answer = command.read(rows(['ALPHA', 'Café Nord', 'alpha']));
		expect(answer).toEqual(
			new Map([
				[lookupKey(named('Cafe Nord')), { ids: [2], more: false }],
				[lookupKey(named('Alpha')), { ids: [1, 3], more: false }],
			]),
		);
	});

	it('asks the values again one by one when the page is full or a row fits none of them', () => {
		const two = listCommand(search, [named('A'), named('B')]);
		expect(two.read(rows(Array.from({ length: 50 }, () => 'A')))).toBe('askAlone');
		expect(two.read(rows(['A', 'Ä B']))).toBe('askAlone');
		expect(two.split?.().map((command) => command.lookups.map((lookup) => lookup.value))).toEqual([
			['A'],
			['B'],
		]);
		// Asked alone, every row answers the value, and a full page says there may be more.
		const alone = listCommand(search, [named('A')]).read(
			rows(Array.from({ length: 50 }, () => 'a')),
		);
		expect(alone).toEqual(
			new Map([
				[lookupKey(named('A')), { ids: Array.from({ length: 50 }, (_v, i) => i + 1), more: true }],
			]),
		);
	});

	it('reads findbycomm: its type, or `[]` for nothing found', () => {
		const command = commSearch(email('ann@example.com'));
		expect(command.call).toEqual({
			method: 'crm.duplicate.findbycomm',
			params: { entity_type: 'CONTACT', type: 'EMAIL', values: ['ann@example.com'] },
		});
		expect(command.read({ CONTACT: [92, 84] })).toEqual(
			new Map([[lookupKey(email('ann@example.com')), { ids: [84, 92], more: false }]]),
		);
		expect(command.read([])).toEqual(
			new Map([[lookupKey(email('ann@example.com')), { ids: [], more: false }]]),
		);
	});
});
