/**
 * The other binding families (b24restdocs api-reference/crm/ contacts/company/, companies/contacts/, deals/contacts/, leads/management-communication/, quote/contacts/): crm.company.contact.*, crm.deal.contact.*,
 * crm.lead.contact.*, crm.quote.contact.*, with CONTACT_ID as the binding key and the rules of
 * api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding. Error wording per family follows its doc pages (the error tables of b24restdocs api-reference/crm/contacts/company/; b24restdocs
 * api-reference/crm/{companies,deals,quote}/contacts/ and leads/management-communication/).
 */
import { FAMILY_CASES } from '../families/family-cases';
import { call, companyBinding, contactBinding, hook, useSandbox } from './test-helpers';

/** The families keyed by CONTACT_ID; crm.contact.company.* has a suite of its own. */
const FAMILIES = FAMILY_CASES.filter((family) => family.idField === 'CONTACT_ID');

describe('sandbox: binding families with CONTACT_ID', () => {
	const sandbox = useSandbox();
	const items = async (prefix: string, id: number) =>
		(await hook(sandbox(), `${prefix}.items.get`, { id })).body.result;

	describe.each(FAMILIES)('$prefix', (f) => {
		test('items.set: only "Y" is primary, the first "Y" wins, SORT defaults to (i + 1) * 10, ROLE_ID 0 (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding)', async () => {
			const r = await hook(sandbox(), `${f.prefix}.items.set`, {
				id: f.emptyOwner,
				items: [
					{ CONTACT_ID: 84 },
					{ CONTACT_ID: 86, IS_PRIMARY: 'Y', SORT: 5 },
					{ CONTACT_ID: 87, IS_PRIMARY: 'Y' },
					{ CONTACT_ID: 84 },
					{ CONTACT_ID: 0 },
				],
			});
			expect(r.status).toBe(200);
			expect(r.body.result).toBe(true);
			expect(await items(f.prefix, f.emptyOwner)).toEqual([
				contactBinding(86, 5, 'Y'),
				contactBinding(84, 10, 'N'),
				contactBinding(87, 30, 'N'),
			]);
		});

		test('items.set without any "Y" (true is not "Y") makes the first one primary; form encoding works too', async () => {
			const sb = sandbox();
			await hook(sb, `${f.prefix}.items.set`, {
				id: f.emptyOwner,
				items: [
					{ CONTACT_ID: 90, SORT: 20, IS_PRIMARY: true },
					{ CONTACT_ID: 91, SORT: 10 },
				],
			});
			expect(await items(f.prefix, f.emptyOwner)).toEqual([
				contactBinding(91, 10, 'N'),
				contactBinding(90, 20, 'Y'),
			]);
			const form = await call(`${sb.webhookUrl}${f.prefix}.items.set`, {
				form: `id=${f.emptyOwner}&items[0][CONTACT_ID]=92&items[1][CONTACT_ID]=93&items[1][IS_PRIMARY]=Y`,
			});
			expect(form.body.result).toBe(true);
			expect(await items(f.prefix, f.emptyOwner)).toEqual([
				contactBinding(92, 10, 'N'),
				contactBinding(93, 20, 'Y'),
			]);
		});

		test('add: true, then false when already bound; SORT max + 10; first is primary, "Y" moves it (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding add)', async () => {
			const sb = sandbox();
			const add = (fields: object) => hook(sb, `${f.prefix}.add`, { id: f.emptyOwner, fields });
			expect((await add({ CONTACT_ID: 84 })).body.result).toBe(true);
			expect((await add({ CONTACT_ID: 86 })).body.result).toBe(true);
			expect((await add({ CONTACT_ID: 84, IS_PRIMARY: 'Y' })).body.result).toBe(false);
			expect((await add({ CONTACT_ID: 87, IS_PRIMARY: 'Y', SORT: 500 })).body.result).toBe(true);
			expect(await items(f.prefix, f.emptyOwner)).toEqual([
				contactBinding(84, 10, 'N'),
				contactBinding(86, 20, 'N'),
				contactBinding(87, 500, 'Y'),
			]);
		});

		test('delete: true, then false when not bound; a removed primary passes to the first remaining (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding delete)', async () => {
			const sb = sandbox();
			await hook(sb, `${f.prefix}.items.set`, {
				id: f.emptyOwner,
				items: [
					{ CONTACT_ID: 84, SORT: 10 },
					{ CONTACT_ID: 86, SORT: 20, IS_PRIMARY: 'Y' },
					{ CONTACT_ID: 87, SORT: 30 },
				],
			});
			expect(
				(await hook(sb, `${f.prefix}.delete`, { id: f.emptyOwner, fields: { CONTACT_ID: 86 } }))
					.body.result,
			).toBe(true);
			expect(
				(await hook(sb, `${f.prefix}.delete`, { id: f.emptyOwner, fields: { CONTACT_ID: 86 } }))
					.body.result,
			).toBe(false);
			expect(await items(f.prefix, f.emptyOwner)).toEqual([
				contactBinding(84, 10, 'Y'),
				contactBinding(87, 30, 'N'),
			]);
		});

		test('items.delete removes every binding and answers true', async () => {
			const sb = sandbox();
			await hook(sb, `${f.prefix}.items.set`, {
				id: f.emptyOwner,
				items: [{ CONTACT_ID: 84 }, { CONTACT_ID: 86 }],
			});
			const r = await hook(sb, `${f.prefix}.items.delete`, { id: f.emptyOwner });
			expect(r.body.result).toBe(true);
			expect(await items(f.prefix, f.emptyOwner)).toEqual([]);
		});

		test('fields lists SORT, IS_PRIMARY and the required CONTACT_ID (crm-deal-contact-fields.md example)', async () => {
			const r = await hook(sandbox(), `${f.prefix}.fields`);
			expect(Object.keys(r.body.result)).toEqual(['SORT', 'IS_PRIMARY', 'CONTACT_ID']);
			expect(r.body.result.CONTACT_ID).toMatchObject({
				type: 'integer',
				isRequired: true,
				title: 'Contact',
			});
			expect(r.body.result.IS_PRIMARY).toMatchObject({ type: 'char', isRequired: false });
		});

		test("errors in the family's own wording (the error tables of b24restdocs api-reference/crm/contacts/company/, the family's pages)", async () => {
			const sb = sandbox();
			const ownerInvalid = {
				error: '',
				error_description: 'The parameter ownerEntityID is invalid or not defined.',
			};
			for (const params of [{}, { id: 0 }, { id: -1 }, { id: 'x' }]) {
				const r = await hook(sb, `${f.prefix}.items.get`, params);
				expect([r.status, r.body]).toEqual([400, ownerInvalid]);
			}
			expect(
				(await hook(sb, `${f.prefix}.add`, { id: 0, fields: { CONTACT_ID: 84 } })).body
					.error_description,
			).toBe(f.ownerIdInvalidFields);
			expect((await hook(sb, `${f.prefix}.add`, { id: f.emptyOwner })).body.error_description).toBe(
				f.fieldsNotArray,
			);
			expect(
				(await hook(sb, `${f.prefix}.delete`, { id: f.emptyOwner, fields: { CONTACT_ID: 0 } })).body
					.error_description,
			).toBe(f.fieldsNotValid);
			// COMPANY_ID is not this family's key.
			expect(
				(await hook(sb, `${f.prefix}.add`, { id: f.emptyOwner, fields: { COMPANY_ID: 7 } })).body
					.error_description,
			).toBe(f.fieldsNotValid);
			expect(
				(await hook(sb, `${f.prefix}.items.set`, { id: f.emptyOwner })).body.error_description,
			).toBe('The parameter items must be array.');
			for (const [method, params] of [
				['items.set', { items: [{ CONTACT_ID: 84 }] }],
				['items.delete', {}],
				['add', { fields: { CONTACT_ID: 84 } }],
				['delete', { fields: { CONTACT_ID: 84 } }],
			] as const) {
				const r = await hook(sb, `${f.prefix}.${method}`, { id: f.missingOwner, ...params });
				expect([method, r.status, r.body]).toEqual([method, 400, f.notFound]);
			}
		});

		test(`items.get of an owner that does not exist: ${f.itemsGetMissingOwner}`, async () => {
			const r = await hook(sandbox(), `${f.prefix}.items.get`, { id: f.missingOwner });
			if (f.itemsGetMissingOwner === 'empty') {
				expect([r.status, r.body.result]).toEqual([200, []]);
			} else {
				expect([r.status, r.body]).toEqual([400, f.notFound]);
			}
		});
	});

	describe('demo seed', () => {
		test('deal 1 has 54 (primary) and 82, deal 2 has 85, lead 1 has 83, quote 1 has 54 and 88 (primary)', async () => {
			expect(await items('crm.deal.contact', 1)).toEqual([
				contactBinding(54, 10, 'Y'),
				contactBinding(82, 20, 'N'),
			]);
			expect(await items('crm.deal.contact', 2)).toEqual([contactBinding(85, 10, 'Y')]);
			expect(await items('crm.lead.contact', 1)).toEqual([contactBinding(83, 10, 'Y')]);
			expect(await items('crm.quote.contact', 1)).toEqual([
				contactBinding(54, 10, 'N'),
				contactBinding(88, 20, 'Y'),
			]);
		});

		test("a company's contacts are its contacts' links seen from the other end", async () => {
			expect(await items('crm.company.contact', 7)).toEqual([contactBinding(54, 10, 'Y')]);
			expect(await items('crm.company.contact', 13)).toEqual([contactBinding(85, 10, 'Y')]);
			expect(await items('crm.company.contact', 10)).toEqual([]);
		});
	});

	describe('contact ↔ company: one link, two ends', () => {
		test('a link added from the contact shows at the company, and removed from the company it leaves the contact', async () => {
			const sb = sandbox();
			expect(
				(await hook(sb, 'crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 7 } })).body
					.result,
			).toBe(true);
			expect(await items('crm.company.contact', 7)).toEqual([
				contactBinding(54, 10, 'Y'),
				contactBinding(82, 20, 'N'),
			]);
			// Already linked, whichever end asks.
			expect(
				(await hook(sb, 'crm.company.contact.add', { id: 7, fields: { CONTACT_ID: 82 } })).body
					.result,
			).toBe(false);

			expect(
				(await hook(sb, 'crm.company.contact.delete', { id: 7, fields: { CONTACT_ID: 54 } })).body
					.result,
			).toBe(true);
			expect(await items('crm.contact.company', 54)).toEqual([
				companyBinding(8, 110, 'Y'),
				companyBinding(9, 120, 'N'),
			]);
			expect((await hook(sb, 'crm.contact.get', { id: 54 })).body.result.COMPANY_ID).toBe('8');
			expect(
				(await hook(sb, 'crm.contact.company.delete', { id: 54, fields: { COMPANY_ID: 7 } })).body
					.result,
			).toBe(false);
		});

		test('replacing or clearing a set on one end adds and removes the links at the other end', async () => {
			const sb = sandbox();
			await hook(sb, 'crm.contact.company.items.set', {
				id: 54,
				items: [{ COMPANY_ID: 9 }, { COMPANY_ID: 10 }],
			});
			expect(await items('crm.company.contact', 7)).toEqual([]);
			expect(await items('crm.company.contact', 8)).toEqual([]);
			expect(
				(await items('crm.company.contact', 9)).map((b: { CONTACT_ID: number }) => b.CONTACT_ID),
			).toEqual([54]);
			expect(await items('crm.company.contact', 10)).toEqual([contactBinding(54, 10, 'Y')]);

			await hook(sb, 'crm.company.contact.items.set', {
				id: 10,
				items: [{ CONTACT_ID: 82 }, { CONTACT_ID: 83 }],
			});
			expect(
				(await items('crm.contact.company', 54)).map((b: { COMPANY_ID: number }) => b.COMPANY_ID),
			).toEqual([9]);
			expect(
				(await items('crm.contact.company', 82)).map((b: { COMPANY_ID: number }) => b.COMPANY_ID),
			).toEqual([10]);
			expect(
				(await items('crm.contact.company', 83)).map((b: { COMPANY_ID: number }) => b.COMPANY_ID),
			).toEqual([11, 10]);

			await hook(sb, 'crm.company.contact.items.delete', { id: 10 });
			expect(await items('crm.contact.company', 82)).toEqual([]);
			expect(
				(await items('crm.contact.company', 83)).map((b: { COMPANY_ID: number }) => b.COMPANY_ID),
			).toEqual([11]);
		});

		test('deal, lead and quote links are their own: they do not show on the contact', async () => {
			const sb = sandbox();
			await hook(sb, 'crm.deal.contact.items.set', { id: 3, items: [{ CONTACT_ID: 82 }] });
			expect(await items('crm.contact.company', 82)).toEqual([]);
			expect(await items('crm.lead.contact', 1)).toHaveLength(1);
		});
	});

	describe('deals, leads and quotes', () => {
		test.each(['deal', 'lead', 'quote'])(
			'crm.%s.add|get|list: TITLE, CONTACT_ID of the primary contact, ids after the seed',
			async (kind) => {
				const sb = sandbox();
				const added = await hook(sb, `crm.${kind}.add`, {
					fields: { TITLE: `New ${kind}`, CONTACT_ID: 86 },
				});
				const id = added.body.result;
				expect(typeof id).toBe('number');
				const got = (await hook(sb, `crm.${kind}.get`, { id })).body.result;
				expect(got).toMatchObject({ ID: String(id), TITLE: `New ${kind}`, CONTACT_ID: '86' });
				expect(await items(`crm.${kind}.contact`, id)).toEqual([contactBinding(86, 10, 'Y')]);
				const listed = await hook(sb, `crm.${kind}.list`, {
					filter: { '%TITLE': `new ${kind}` },
					select: ['ID', 'TITLE'],
				});
				expect(listed.body.result).toEqual([{ ID: String(id), TITLE: `New ${kind}` }]);
				expect((await hook(sb, `crm.${kind}.get`, { id: 999 })).body).toEqual({
					error: '',
					error_description: 'Not found',
				});
			},
		);

		test('demo deals: "Website redesign" is deal 1 with contact 54; %TITLE finds both website deals, newest first', async () => {
			const sb = sandbox();
			expect((await hook(sb, 'crm.deal.get', { id: 1 })).body.result).toMatchObject({
				ID: '1',
				TITLE: 'Website redesign',
				CONTACT_ID: '54',
			});
			expect((await hook(sb, 'crm.deal.get', { id: 3 })).body.result.CONTACT_ID).toBeNull();
			const r = await hook(sb, 'crm.deal.list', {
				filter: { '%TITLE': 'WEBSITE' },
				select: ['ID', 'TITLE'],
				order: { ID: 'DESC' },
			});
			expect(r.body.result).toEqual([
				{ ID: '5', TITLE: 'Website hosting' },
				{ ID: '1', TITLE: 'Website redesign' },
			]);
			expect(r.body.total).toBe(2);
		});
	});

	describe('list filters on ID lists', () => {
		const ids = (r: { body: { result: Array<{ ID: string }> } }) =>
			r.body.result.map((row) => row.ID);

		test('JSON {"ID": [7, 8]}, PHP brackets filter[ID][]= and filter[ID][0]=, and @ID are "any of"', async () => {
			const sb = sandbox();
			expect(
				ids(await hook(sb, 'crm.company.list', { filter: { ID: [7, 8, 999] }, select: ['ID'] })),
			).toEqual(['7', '8']);
			expect(
				ids(
					await call(`${sb.webhookUrl}crm.company.list?filter[ID][]=9&filter[ID][]=12&select[]=ID`),
				),
			).toEqual(['9', '12']);
			expect(
				ids(
					await call(`${sb.webhookUrl}crm.contact.list`, {
						form: 'filter%5BID%5D%5B0%5D=54&filter%5BID%5D%5B1%5D=85&select%5B%5D=ID',
					}),
				),
			).toEqual(['54', '85']);
			expect(
				ids(await hook(sb, 'crm.deal.list', { filter: { '@ID': [2, 4] }, select: ['ID'] })),
			).toEqual(['2', '4']);
			expect(
				ids(await hook(sb, 'crm.quote.list', { filter: { '!@ID': [1] }, select: ['ID'] })),
			).toEqual(['2']);
		});

		test('inside a batch command, as the node sends name look-ups', async () => {
			const sb = sandbox();
			const r = await hook(sb, 'batch', {
				halt: 0,
				cmd: {
					names:
						'crm.contact.list?filter[ID][0]=54&filter[ID][1]=88&select[]=ID&select[]=NAME&select[]=LAST_NAME',
					deal: 'crm.deal.contact.items.get?id=1',
				},
			});
			expect(r.body.result.result.names).toEqual([
				{ ID: '54', NAME: 'Ivan', LAST_NAME: 'Petrov' },
				{ ID: '88', NAME: 'Olga', LAST_NAME: 'Petrova' },
			]);
			expect(r.body.result.result.deal).toHaveLength(2);
		});
	});

	describe('control API', () => {
		test('seed takes deals, leads, quotes and familyBindings; state shows every family', async () => {
			const sb = sandbox();
			const created = await sb.control.seed({
				deals: [{ ID: 50, TITLE: 'Seeded deal' }, { TITLE: 'Next deal' }],
				leads: [{ TITLE: 'Seeded lead' }],
				quotes: [{ TITLE: 'Seeded quote' }],
				familyBindings: {
					dealContact: { 50: [{ CONTACT_ID: 84 }, { CONTACT_ID: 86, IS_PRIMARY: 'Y', SORT: 5 }] },
					leadContact: { 4: [{ CONTACT_ID: 87 }] },
					companyContact: { 10: [{ CONTACT_ID: 89 }] },
				},
			});
			expect(created).toEqual({
				companies: [],
				contacts: [],
				deals: [50, 51],
				leads: [4],
				quotes: [3],
			});
			const state = await sb.control.getState();
			expect(state.familyBindings.dealContact['50']).toEqual([
				contactBinding(86, 5, 'Y'),
				contactBinding(84, 10, 'N'),
			]);
			expect(state.familyBindings.leadContact['4']).toEqual([contactBinding(87, 10, 'Y')]);
			expect(state.deals.find((d) => d.ID === 50)).toMatchObject({
				TITLE: 'Seeded deal',
				CONTACT_ID: 86,
			});
			// A company's contact is the contact's company, in both views of the state.
			expect(state.bindings['89']).toEqual([companyBinding(10, 10, 'Y')]);
			expect(state.familyBindings.contactCompany['89']).toEqual(state.bindings['89']);
			expect(state.familyBindings.companyContact['7']).toEqual([contactBinding(54, 10, 'Y')]);
		});

		test('seed refuses an unknown family and an owner that does not exist', async () => {
			const sb = sandbox();
			const unknown = await call(`${sb.controlUrl}seed`, {
				json: { familyBindings: { dealCompany: {} } },
			});
			expect(unknown.status).toBe(400);
			expect(unknown.body.error_description).toMatch(/unknown family dealCompany/);
			const missing = await call(`${sb.controlUrl}seed`, {
				json: { familyBindings: { quoteContact: { 77: [{ CONTACT_ID: 54 }] } } },
			});
			expect(missing.status).toBe(400);
			expect(missing.body.error_description).toMatch(/quote 77 does not exist/);
		});

		test('reset empty leaves no deals, leads, quotes or bindings of any family', async () => {
			const sb = sandbox();
			await sb.control.reset('empty');
			const state = await sb.control.getState();
			expect([state.deals, state.leads, state.quotes]).toEqual([[], [], []]);
			expect(
				Object.values(state.familyBindings).every((byOwner) => Object.keys(byOwner).length === 0),
			).toBe(true);
		});
	});
});
