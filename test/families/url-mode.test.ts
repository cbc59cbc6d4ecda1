/**
 * Resource locators "By URL": a record's link in the portal (`/crm/deal/details/1/`, quotes under
 * `/crm/type/7/details/1/`) names the record, for the owner and for the bound record, in every
 * family; the editor's own validation and extraction regexes accept the same links.
 */
import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
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

const portalUrl = (path: string, id: number, tail = '/') =>
	`https://portal.example.com/crm/${path}/details/${id}${tail}`;

describe('node: records by URL', () => {
	const sandbox = useSandbox();

	test.each(FAMILY_CASES)('$resource: the owner and the bound record given as links', async (f) => {
		const [free] = f.freeBound;
		const out = okItems(
			await runFamily(sandbox(), f, 'add', {
				[f.ownerParam]: locator(portalUrl(f.ownerUrlPath, f.owner, '/?any=1#tab'), 'url'),
				[f.boundParam]: locator(portalUrl(f.boundUrlPath, free), 'url'),
				options: { returnBindings: false },
			}),
		);
		expect(out).toEqual([
			{ [f.ownerParam]: f.owner, [f.boundParam]: free, added: true, alreadyBound: false },
		]);
		expect((await bindingsIn(sandbox(), f, f.owner)).map((b) => b[f.idField])).toContain(free);
		const [call] = callsIn(await restLog(sandbox()));
		expect(String(call.params.id)).toBe(String(f.owner));
	});

	test('a link to another kind of record is refused before any request: by n8n as typed, by the node from an expression', async () => {
		const deal = FAMILY_CASES[2];
		const typed = runFamily(sandbox(), deal, 'get', {
			dealId: locator(portalUrl('contact', 1), 'url'),
		});
		await expect(typed).rejects.toThrow(
			/Not a deal link: it must contain \/crm\/deal\/details\/ID\//,
		);
		const fromExpression = await runFamily(sandbox(), deal, 'get', {
			dealId: locator(`={{ "${portalUrl('contact', 1)}" }}`, 'url'),
		});
		expect(fromExpression.error?.message).toMatch(
			/Invalid Deal ID in item 0: .*\/crm\/deal\/details\/ID\//,
		);
		expect(await restLog(sandbox())).toEqual([]);
	});

	test("the editor's URL mode validates and extracts the ID with the same rule", () => {
		const properties = new Bitrix24().description.properties;
		for (const f of FAMILY_CASES) {
			const showsFor = (p: INodeProperties) =>
				(p.displayOptions?.show?.resource ?? []).includes(f.resource);
			for (const [name, path] of [
				[f.ownerParam, f.ownerUrlPath],
				[f.boundParam, f.boundUrlPath],
			]) {
				const property = properties.find(
					(p) =>
						p.name === name && showsFor(p) && p.displayOptions?.show?.operation?.includes('add'),
				);
				const mode = property?.modes?.find((m: INodePropertyMode) => m.name === 'url');
				expect([f.resource, name, mode?.extractValue?.type]).toEqual([f.resource, name, 'regex']);
				const link = portalUrl(path, 42);
				const validation = mode?.validation?.[0] as { properties: { regex: string } } | undefined;
				expect(new RegExp(validation?.properties.regex ?? '$^').test(link)).toBe(true);
				expect(new RegExp(mode?.extractValue?.regex ?? '$^').exec(link)?.[1]).toBe('42');
				const other = path === 'contact' ? portalUrl('company', 42) : portalUrl('contact', 42);
				expect(new RegExp(validation?.properties.regex ?? '').test(other)).toBe(false);
			}
		}
	});
});
