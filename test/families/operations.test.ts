/**
 * Every operation of every binding family (b24restdocs api-reference/crm/ contacts/company/, companies/contacts/, deals/contacts/, leads/management-communication/, quote/contacts/), run by
 * n8n-core's engine against the sandbox: what the node outputs, what the portal holds afterwards,
 * and which methods it called with which binding key.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	FAMILY_CASES,
	bindingsIn,
	callsIn,
	locator,
	okItems,
	restLog,
	runFamily,
	useSandbox,
} from './helpers';

const str = (value: unknown) => String(value);

describe.each(FAMILY_CASES)('node: $resource', (f) => {
	const sandbox = useSandbox();
	const owner = (id = f.owner) => ({ [f.ownerParam]: locator(id) });
	const bound = (id: number) => ({ [f.boundParam]: locator(id) });
	const methodsCalled = async () => callsIn(await restLog(sandbox())).map((c) => c.method);

	test(`get: one item per binding, read with ${f.prefix}.items.get`, async () => {
		const out = okItems(await runFamily(sandbox(), f, 'get', owner()));
		expect(out).toEqual(
			f.ownerBindings.map((b) => ({
				[f.ownerParam]: f.owner,
				[f.boundParam]: b.id,
				isPrimary: b.primary,
				sort: b.sort,
				roleId: 0,
			})),
		);
		const calls = callsIn(await restLog(sandbox()));
		expect(calls.map((c) => c.method)).toEqual([`${f.prefix}.items.get`]);
		expect(str(calls[0].params.id)).toBe(str(f.owner));
	});

	test('get, all bindings in one item; an owner without bindings gives an empty list', async () => {
		const out = okItems(
			await runFamily(sandbox(), f, 'get', { ...owner(f.emptyOwner), output: 'perOwner' }),
		);
		expect(out).toEqual([{ [f.ownerParam]: f.emptyOwner, [f.plural]: [] }]);
	});

	test(`set (fields): replaces the set through ${f.prefix}.items.set with ${f.idField} keys, and reads it back`, async () => {
		const [a, b] = f.freeBound;
		const rows: INodeParameters = {
			[f.row]: [
				{ ...bound(a), isPrimary: false, sort: 0 },
				{ ...bound(b), isPrimary: true, sort: 300 },
			],
		};
		const out = okItems(
			await runFamily(sandbox(), f, 'set', {
				...owner(),
				[`${f.plural}Input`]: 'fields',
				[f.plural]: rows,
			}),
		);
		const expected = [
			{ [f.idField]: a, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
			{ [f.idField]: b, SORT: 300, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		];
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual(expected);
		expect(out).toEqual([
			{
				[f.ownerParam]: f.owner,
				updated: true,
				[f.plural]: [
					{ [f.boundParam]: a, isPrimary: false, sort: 10, roleId: 0 },
					{ [f.boundParam]: b, isPrimary: true, sort: 300, roleId: 0 },
				],
			},
		]);
		const calls = callsIn(await restLog(sandbox()));
		expect(calls.map((c) => c.method)).toEqual([`${f.prefix}.items.set`, `${f.prefix}.items.get`]);
		const items = Object.values(calls[0].params.items as IDataObject).map((i) => i as IDataObject);
		expect(items.map((i) => [str(i[f.idField]), i.IS_PRIMARY, str(i.SORT)])).toEqual([
			[str(a), 'N', '10'],
			[str(b), 'Y', '300'],
		]);
	});

	test('set (JSON) with Bitrix24 spelling; several items each replace their own owner in one batch', async () => {
		const [a, b] = f.freeBound;
		const result = await runFamily(
			sandbox(),
			f,
			'set',
			{
				[f.ownerParam]: { __rl: true, mode: 'id', value: '={{ $json.owner }}' },
				[`${f.plural}Input`]: 'json',
				[`${f.plural}Json`]: '={{ JSON.stringify($json.list) }}',
			},
			[
				{ owner: f.owner, list: [{ [f.idField]: a, IS_PRIMARY: 'Y', SORT: 5 }] },
				{ owner: f.emptyOwner, list: [b, a] },
			],
		);
		okItems(result);
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual([
			{ [f.idField]: a, SORT: 5, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		]);
		expect(await bindingsIn(sandbox(), f, f.emptyOwner)).toEqual([
			{ [f.idField]: b, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
			{ [f.idField]: a, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
		]);
		const log = await restLog(sandbox());
		expect(log).toHaveLength(1);
		expect(log[0].method).toBe('batch');
		expect(
			callsIn(log)
				.filter((c) => c.method === `${f.prefix}.items.set`)
				.map((c) => str(c.params.id)),
		).toEqual([str(f.owner), str(f.emptyOwner)]);
	});

	test(`clear: ${f.prefix}.items.delete empties the set`, async () => {
		const out = okItems(await runFamily(sandbox(), f, 'clear', owner()));
		expect(out).toEqual([{ [f.ownerParam]: f.owner, cleared: true, [f.plural]: [] }]);
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual([]);
		expect(await methodsCalled()).toEqual([`${f.prefix}.items.delete`, `${f.prefix}.items.get`]);
	});

	test(`add: ${f.prefix}.add binds one more with fields.${f.idField}; adding it again reports alreadyBound`, async () => {
		const [a] = f.freeBound;
		const first = okItems(
			await runFamily(sandbox(), f, 'add', { ...owner(), ...bound(a), isPrimary: true, sort: 0 }),
		);
		const maxSort = Math.max(...f.ownerBindings.map((b) => b.sort));
		expect(first).toEqual([
			{
				[f.ownerParam]: f.owner,
				[f.boundParam]: a,
				added: true,
				alreadyBound: false,
				[f.plural]: [
					...f.ownerBindings.map((b) => ({
						[f.boundParam]: b.id,
						isPrimary: false,
						sort: b.sort,
						roleId: 0,
					})),
					{ [f.boundParam]: a, isPrimary: true, sort: maxSort + 10, roleId: 0 },
				],
			},
		]);
		const calls = callsIn(await restLog(sandbox()));
		expect(calls[0].method).toBe(`${f.prefix}.add`);
		const fields = calls[0].params.fields as IDataObject;
		expect([str(calls[0].params.id), str(fields[f.idField]), fields.IS_PRIMARY]).toEqual([
			str(f.owner),
			str(a),
			'Y',
		]);

		const again = okItems(
			await runFamily(sandbox(), f, 'add', {
				...owner(),
				...bound(a),
				options: { returnBindings: false },
			}),
		);
		expect(again).toEqual([
			{ [f.ownerParam]: f.owner, [f.boundParam]: a, added: false, alreadyBound: true },
		]);
	});

	test(`remove: ${f.prefix}.delete unbinds one; the next becomes primary; a second remove reports wasBound false`, async () => {
		const primary = f.ownerBindings.find((b) => b.primary)!;
		const rest = f.ownerBindings.filter((b) => b !== primary);
		const out = okItems(
			await runFamily(sandbox(), f, 'remove', { ...owner(), ...bound(primary.id) }),
		);
		expect(out[0]).toMatchObject({
			[f.ownerParam]: f.owner,
			[f.boundParam]: primary.id,
			removed: true,
			wasBound: true,
		});
		expect(out[0][f.plural]).toEqual(
			rest.map((b, i) => ({ [f.boundParam]: b.id, isPrimary: i === 0, sort: b.sort, roleId: 0 })),
		);
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual(
			rest.map((b, i) => ({
				[f.idField]: b.id,
				SORT: b.sort,
				ROLE_ID: 0,
				IS_PRIMARY: i === 0 ? 'Y' : 'N',
			})),
		);
		const calls = callsIn(await restLog(sandbox()));
		expect(calls[0].method).toBe(`${f.prefix}.delete`);
		expect(str((calls[0].params.fields as IDataObject)[f.idField])).toBe(str(primary.id));

		const again = okItems(
			await runFamily(sandbox(), f, 'remove', { ...owner(), ...bound(primary.id) }),
		);
		expect(again[0]).toMatchObject({ removed: false, wasBound: false });
	});

	test(`getFields: ${f.prefix}.fields, the map as the portal answers it`, async () => {
		const out = okItems(await runFamily(sandbox(), f, 'getFields'));
		expect(out).toHaveLength(1);
		expect(out[0][f.idField]).toMatchObject({ type: 'integer', isRequired: true });
		expect(Object.keys(out[0]).sort()).toEqual(['IS_PRIMARY', 'SORT', f.idField].sort());
		expect(await methodsCalled()).toEqual([`${f.prefix}.fields`]);
	});

	test("an owner that does not exist fails the item with the portal's message", async () => {
		const result = await runFamily(sandbox(), f, 'set', {
			...owner(999),
			[`${f.plural}Input`]: 'json',
			[`${f.plural}Json`]: JSON.stringify([f.freeBound[0]]),
		});
		expect(result.error).toBeDefined();
		expect(`${result.error?.message} ${String(result.error?.description ?? '')}`).toMatch(
			/not found/i,
		);
		expect(await bindingsIn(sandbox(), f, 999)).toEqual([]);
	});
});

describe('node: the two ends of a contact–company link', () => {
	const sandbox = useSandbox();
	const [contactCompany, companyContact] = FAMILY_CASES;

	test("a company added to a contact is listed among the company's contacts", async () => {
		okItems(
			await runFamily(sandbox(), contactCompany, 'add', {
				contactId: locator(82),
				companyId: locator(13),
			}),
		);
		const out = okItems(
			await runFamily(sandbox(), companyContact, 'get', {
				companyId: locator(13),
				output: 'perOwner',
			}),
		);
		expect((out[0].contacts as IDataObject[]).map((c) => c.contactId)).toEqual([85, 82]);
	});
});
