/**
 * Get with "Include Names": after items.get, one more round of list calls by ID
 * (`filter[@ID][]`, the documented "in the list" filter; select ID and the name fields) adds each bound record's name. The look-ups of
 * all items share batch requests (many calls go through `batch`, README "Operations").
 */
import type { IDataObject } from 'n8n-workflow';

import { FAMILY_CASES, callsIn, locator, okItems, restLog, runFamily, useSandbox } from './helpers';

const ownerFromItem = locator('={{ $json.id }}');
const ids = (value: unknown) => Object.values((value ?? {}) as IDataObject).map(String);

describe('node: Get with Include Names', () => {
	const sandbox = useSandbox();
	const [contactCompany, , dealContact] = FAMILY_CASES;

	test("a contact's companies get companyName; the look-ups of three items go in one request", async () => {
		const out = okItems(
			await runFamily(
				sandbox(),
				contactCompany,
				'get',
				{ contactId: ownerFromItem, output: 'perOwner', includeNames: true },
				[{ id: 54 }, { id: 85 }, { id: 83 }],
			),
		);
		expect(out).toEqual([
			{
				contactId: 54,
				companies: [
					{ companyId: 7, isPrimary: true, sort: 100, roleId: 0, companyName: 'Alpha LLC' },
					{ companyId: 8, isPrimary: false, sort: 110, roleId: 0, companyName: 'Beta Logistics' },
					{ companyId: 9, isPrimary: false, sort: 120, roleId: 0, companyName: 'Gamma Trading' },
				],
			},
			{
				contactId: 85,
				companies: [
					{ companyId: 12, isPrimary: false, sort: 10, roleId: 0, companyName: 'Zeta Foods' },
					{ companyId: 13, isPrimary: true, sort: 20, roleId: 0, companyName: 'Eta Construction' },
				],
			},
			{
				contactId: 83,
				companies: [
					{ companyId: 11, isPrimary: true, sort: 10, roleId: 0, companyName: 'Epsilon Software' },
				],
			},
		]);

		const log = await restLog(sandbox());
		const lookups = log.filter((entry) =>
			callsIn([entry]).some((c) => c.method === 'crm.company.list'),
		);
		expect(lookups).toHaveLength(1);
		const lookupCalls = callsIn(lookups);
		expect(lookupCalls.map((c) => c.method)).toEqual([
			'crm.company.list',
			'crm.company.list',
			'crm.company.list',
		]);
		expect(lookupCalls.map((c) => ids((c.params.filter as IDataObject)['@ID']))).toEqual([
			['7', '8', '9'],
			['12', '13'],
			['11'],
		]);
		expect(ids(lookupCalls[0].params.select)).toEqual(['ID', 'TITLE']);
		// The look-ups come after the reads they depend on.
		expect(log.indexOf(lookups[0])).toBeGreaterThan(
			log.findIndex((e) => callsIn([e]).some((c) => c.method.endsWith('.items.get'))),
		);
	});

	test('contacts of deals get contactName from NAME and LAST_NAME; a contact that is gone gets null', async () => {
		const sb = sandbox();
		await sb.control.seed({
			familyBindings: { dealContact: { 3: [{ CONTACT_ID: 84 }, { CONTACT_ID: 9999 }] } },
		});
		const out = okItems(
			await runFamily(sb, dealContact, 'get', { dealId: ownerFromItem, includeNames: true }, [
				{ id: 1 },
				{ id: 3 },
			]),
		);
		expect(out.map((o) => [o.dealId, o.contactId, o.contactName])).toEqual([
			[1, 54, 'Ivan Petrov'],
			[1, 82, 'Maria Ivanova'],
			[3, 84, 'Anna Smirnova'],
			[3, 9999, null],
		]);
		const lookupCalls = callsIn(await restLog(sb)).filter((c) => c.method === 'crm.contact.list');
		expect(lookupCalls).toHaveLength(2);
		expect(ids(lookupCalls[0].params.select)).toEqual(['ID', 'NAME', 'LAST_NAME']);
	});

	test('every family names its bound records', async () => {
		for (const f of FAMILY_CASES) {
			const out = okItems(
				await runFamily(sandbox(), f, 'get', {
					[f.ownerParam]: locator(f.owner),
					includeNames: true,
				}),
			);
			const nameKey = f.plural === 'companies' ? 'companyName' : 'contactName';
			expect([f.resource, out[0][f.boundParam], out[0][nameKey]]).toEqual([
				f.resource,
				f.ownerBindings[0].id,
				f.firstBoundName,
			]);
		}
	});

	test('without the option, or without bindings, no look-up is made', async () => {
		const sb = sandbox();
		okItems(await runFamily(sb, dealContact, 'get', { dealId: locator(1) }));
		const empty = okItems(
			await runFamily(sb, dealContact, 'get', {
				dealId: locator(3),
				includeNames: true,
				output: 'perOwner',
			}),
		);
		expect(empty).toEqual([{ dealId: 3, contacts: [] }]);
		expect(callsIn(await restLog(sb)).map((c) => c.method)).toEqual([
			'crm.deal.contact.items.get',
			'crm.deal.contact.items.get',
		]);
	});
});

describe('node: Include Names for many bound records', () => {
	const sandbox = useSandbox();
	const dealContact = FAMILY_CASES[2];

	test('60 contacts are looked up 50 IDs at a time (a list page holds 50) and all get their names', async () => {
		const sb = sandbox();
		const contacts = Array.from({ length: 60 }, (_, i) => ({
			ID: 2000 + i,
			NAME: `N${i}`,
			LAST_NAME: `L${i}`,
		}));
		await sb.control.seed({
			contacts,
			familyBindings: { dealContact: { 4: contacts.map((c) => ({ CONTACT_ID: c.ID })) } },
		});
		const out = okItems(
			await runFamily(sb, dealContact, 'get', { dealId: locator(4), includeNames: true }),
		);
		expect(out).toHaveLength(60);
		expect(out.map((o) => o.contactName)).toEqual(contacts.map((c) => `${c.NAME} ${c.LAST_NAME}`));
		const lookups = callsIn(await restLog(sb)).filter((c) => c.method === 'crm.contact.list');
		expect(lookups.map((c) => ids((c.params.filter as IDataObject)['@ID']).length)).toEqual([
			50, 10,
		]);
	});
});
