/**
 * The methods that find records by a value, as Bitrix24 answers them: crm.duplicate.findbycomm
 * (b24restdocs api-reference/crm/duplicates/crm-duplicate-find-by-comm.md; [server]
 * crm/classes/general/restservice.php CCrmDuplicateRestProxy, crm/lib/integrity/
 * duplicatecommunicationcriterion.php), crm.requisite.list
 * (api-reference/crm/requisites/universal/crm-requisite-list.md), and crm.company.list by exact
 * title (`@TITLE`, api-reference/crm/companies/crm-company-list.md). Demo data: demo-seed.ts.
 */
import { FINDBYCOMM_MAX_MATCHES } from './methods/lookups';
import { hook, useSandbox } from './test-helpers';

describe('sandbox: finding records by e-mail, phone, name and tax ID', () => {
	const sandbox = useSandbox();
	const find = (params: object) => hook(sandbox(), 'crm.duplicate.findbycomm', params);

	test('findbycomm: an e-mail in any case, by type; the union of the values when several are given', async () => {
		const one = await find({
			type: 'EMAIL',
			entity_type: 'CONTACT',
			values: ['IVAN.PETROV@example.com'],
		});
		expect(one.body.result).toEqual({ CONTACT: [54] });
		const two = await find({
			type: 'EMAIL',
			entity_type: 'CONTACT',
			values: ['office@example.com', 'ivan.petrov@example.com'],
		});
		// The answer does not say which value found which record.
		expect(two.body.result).toEqual({ CONTACT: [84, 92, 54] });
		const anyType = await find({ type: 'EMAIL', values: ['demo.request@example.com'] });
		expect(anyType.body.result).toEqual({ LEAD: [2] });
	});

	test('findbycomm: nothing found is an empty array', async () => {
		const r = await find({ type: 'EMAIL', entity_type: 'CONTACT', values: ['nobody@example.com'] });
		expect(r.status).toBe(200);
		expect(r.body.result).toEqual([]);
		const lead = await find({ type: 'EMAIL', entity_type: 'LEAD', values: ['office@example.com'] });
		expect(lead.body.result).toEqual([]);
	});

	test('findbycomm: a phone in any format, by its digits, without the extension', async () => {
		for (const phone of [
			'+7 (912) 345-67-89',
			'8 912 345 67 89',
			'0079123456789',
			'79123456789#12',
		])
			expect(
				(await find({ type: 'PHONE', entity_type: 'CONTACT', values: [phone] })).body.result,
			).toEqual({
				CONTACT: [54],
			});
	});

	test('findbycomm: only the first 20 distinct values are searched, the rest ignored without an error', async () => {
		const filler = Array.from({ length: 20 }, (_v, index) => `filler${index}@example.com`);
		const r = await find({
			type: 'EMAIL',
			entity_type: 'CONTACT',
			values: [...filler, 'ivan.petrov@example.com'],
		});
		expect(r.body.result).toEqual([]);
	});

	test('findbycomm: at most 20 records a value, the oldest', async () => {
		await sandbox().control.seed({
			communications: Array.from({ length: 25 }, (_v, index) => ({
				entityType: 'CONTACT' as const,
				ID: 200 + index,
				EMAIL: ['shared@example.com'],
			})),
		});
		const r = await find({ type: 'EMAIL', entity_type: 'CONTACT', values: ['shared@example.com'] });
		expect(r.body.result.CONTACT).toEqual(
			Array.from({ length: FINDBYCOMM_MAX_MATCHES }, (_v, i) => 200 + i),
		);
	});

	test("findbycomm's refusals, with the server's words", async () => {
		const words = async (params: object) => (await find(params)).body;
		expect(await words({ values: ['a@b.c'] })).toEqual({
			error: '',
			error_description: 'Communication type is not defined.',
		});
		expect((await words({ type: 'FAX', values: ['1'] })).error_description).toBe(
			"Communication type 'FAX' is not supported in current context.",
		);
		expect((await words({ type: 'EMAIL' })).error_description).toBe(
			'Communication values is not defined.',
		);
		expect(
			(await words({ type: 'EMAIL', entity_type: 'DEAL', values: ['a@b.c'] })).error_description,
		).toBe('Deal is not supported in current context.');
	});

	test('crm.requisite.list: companies by TIN or VAT ID, any of several values with @', async () => {
		const r = await hook(sandbox(), 'crm.requisite.list', {
			filter: { ENTITY_TYPE_ID: 4, '@RQ_INN': ['7707083893', '5408131553', '000'] },
			select: ['ENTITY_ID', 'RQ_INN'],
			order: { ID: 'ASC' },
		});
		expect(r.body.result).toEqual([
			{ ENTITY_ID: '7', RQ_INN: '7707083893' },
			{ ENTITY_ID: '9', RQ_INN: '5408131553' },
		]);
		expect(r.body.total).toBe(2);
		const vat = await hook(sandbox(), 'crm.requisite.list', {
			filter: { RQ_VAT_ID: 'de811907980' },
		});
		expect(vat.body.result).toEqual([
			expect.objectContaining({ ENTITY_TYPE_ID: '4', ENTITY_ID: '10' }),
		]);
	});

	test('crm.company.list: an exact title in any case with @TITLE, not a part of one', async () => {
		const r = await hook(sandbox(), 'crm.company.list', {
			filter: { '@TITLE': ['alpha llc', 'Beta'] },
			select: ['ID', 'TITLE'],
		});
		expect(r.body.result).toEqual([{ ID: '7', TITLE: 'Alpha LLC' }]);
	});
});
