/**
 * Add and Remove with a list of records, for every binding family: each record is its own
 * `{prefix}.add` / `{prefix}.delete` command in the same batch request as the item's read-back,
 * in list order, and the output says for each record what happened. Run by n8n-core's engine
 * against the sandbox.
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

describe.each(FAMILY_CASES)('node: $resource, several records', (f) => {
	const sandbox = useSandbox();
	const owner = (id = f.owner) => ({ [f.ownerParam]: locator(id) });
	const row = (id: number, isPrimary = false, sort = 0) => ({
		[f.boundParam]: locator(id),
		isPrimary,
		sort,
	});
	const maxSort = Math.max(...f.ownerBindings.map((b) => b.sort));
	const primary = f.ownerBindings.find((b) => b.primary)!;

	test(`add (rows): one ${f.prefix}.add per record, then the read-back, in one batch request`, async () => {
		const [a, b] = f.freeBound;
		const existing = f.ownerBindings[0].id;
		const rows: INodeParameters = { [f.row]: [row(a), row(existing), row(b, false, 900)] };
		const out = okItems(
			await runFamily(sandbox(), f, 'add', {
				...owner(),
				[`${f.plural}Input`]: 'fields',
				[f.plural]: rows,
			}),
		);

		const expected = [
			...f.ownerBindings.map((binding) => ({
				[f.idField]: binding.id,
				SORT: binding.sort,
				ROLE_ID: 0,
				IS_PRIMARY: binding.primary ? 'Y' : 'N',
			})),
			{ [f.idField]: a, SORT: maxSort + 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
			{ [f.idField]: b, SORT: 900, ROLE_ID: 0, IS_PRIMARY: 'N' },
		];
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual(expected);
		expect(out).toEqual([
			{
				[f.ownerParam]: f.owner,
				results: [
					{ [f.boundParam]: a, added: true, alreadyBound: false },
					{ [f.boundParam]: existing, added: false, alreadyBound: true },
					{ [f.boundParam]: b, added: true, alreadyBound: false },
				],
				[f.plural]: expected.map((binding) => ({
					[f.boundParam]: binding[f.idField],
					isPrimary: binding.IS_PRIMARY === 'Y',
					sort: binding.SORT,
					roleId: 0,
				})),
			},
		]);

		const log = await restLog(sandbox());
		expect(log).toHaveLength(1);
		expect(log[0].method).toBe('batch');
		const calls = callsIn(log);
		expect(calls.map((c) => c.method)).toEqual([
			`${f.prefix}.add`,
			`${f.prefix}.add`,
			`${f.prefix}.add`,
			`${f.prefix}.items.get`,
		]);
		const sent = calls.slice(0, 3).map((c) => c.params.fields as IDataObject);
		// Primary off is left out (Bitrix24's own rule), and so is a sort of 0 (after the existing ones).
		expect(
			sent.map((fields) => [
				str(fields[f.idField]),
				fields.IS_PRIMARY,
				fields.SORT === undefined ? undefined : str(fields.SORT),
			]),
		).toEqual([
			[str(a), undefined, undefined],
			[str(existing), undefined, undefined],
			[str(b), undefined, '900'],
		]);
	});

	test('add (JSON): the one marked primary takes the primary over; the others keep theirs', async () => {
		const [a, b] = f.freeBound;
		const out = okItems(
			await runFamily(sandbox(), f, 'add', {
				...owner(),
				[`${f.plural}Input`]: 'json',
				[`${f.plural}Json`]: JSON.stringify([a, { [f.idField]: b, IS_PRIMARY: 'Y' }]),
				options: { returnBindings: false },
			}),
		);
		expect(out).toEqual([
			{
				[f.ownerParam]: f.owner,
				results: [
					{ [f.boundParam]: a, added: true, alreadyBound: false },
					{ [f.boundParam]: b, added: true, alreadyBound: false },
				],
			},
		]);
		const state = await bindingsIn(sandbox(), f, f.owner);
		expect(
			state.filter((binding) => binding.IS_PRIMARY === 'Y').map((binding) => binding[f.idField]),
		).toEqual([b]);
		expect(callsIn(await restLog(sandbox())).map((c) => c.method)).toEqual([
			`${f.prefix}.add`,
			`${f.prefix}.add`,
		]);
	});

	test(`remove (JSON, Get's output as it is): one ${f.prefix}.delete per record; the primary passes on`, async () => {
		const [notBound] = f.freeBound;
		const getOutput = [
			{
				[f.ownerParam]: f.owner,
				[f.boundParam]: primary.id,
				isPrimary: true,
				sort: primary.sort,
				roleId: 0,
			},
			notBound,
		];
		const out = okItems(
			await runFamily(sandbox(), f, 'remove', {
				...owner(),
				[`${f.plural}Input`]: 'json',
				[`${f.plural}Json`]: JSON.stringify(getOutput),
			}),
		);
		const rest = f.ownerBindings.filter((binding) => binding !== primary);
		expect(out).toEqual([
			{
				[f.ownerParam]: f.owner,
				results: [
					{ [f.boundParam]: primary.id, removed: true, wasBound: true },
					{ [f.boundParam]: notBound, removed: false, wasBound: false },
				],
				[f.plural]: rest.map((binding, i) => ({
					[f.boundParam]: binding.id,
					isPrimary: i === 0,
					sort: binding.sort,
					roleId: 0,
				})),
			},
		]);
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual(
			rest.map((binding, i) => ({
				[f.idField]: binding.id,
				SORT: binding.sort,
				ROLE_ID: 0,
				IS_PRIMARY: i === 0 ? 'Y' : 'N',
			})),
		);
		const log = await restLog(sandbox());
		expect(log).toHaveLength(1);
		const calls = callsIn(log);
		expect(calls.map((c) => c.method)).toEqual([
			`${f.prefix}.delete`,
			`${f.prefix}.delete`,
			`${f.prefix}.items.get`,
		]);
		expect(calls.slice(0, 2).map((c) => str((c.params.fields as IDataObject)[f.idField]))).toEqual([
			str(primary.id),
			str(notBound),
		]);
	});

	test('remove (rows): every listed record goes, the others stay', async () => {
		const out = okItems(
			await runFamily(sandbox(), f, 'remove', {
				...owner(),
				[`${f.plural}Input`]: 'fields',
				[f.plural]: {
					[f.row]: f.ownerBindings.map((binding) => ({ [f.boundParam]: locator(binding.id) })),
				},
			}),
		);
		expect(out[0].results).toEqual(
			f.ownerBindings.map((binding) => ({
				[f.boundParam]: binding.id,
				removed: true,
				wasBound: true,
			})),
		);
		expect(out[0][f.plural]).toEqual([]);
		expect(await bindingsIn(sandbox(), f, f.owner)).toEqual([]);
	});
});
