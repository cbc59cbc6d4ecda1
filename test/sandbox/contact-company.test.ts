/**
 * crm.contact.company.* semantics. Sources: b24restdocs api-reference/crm/contacts/company/crm-contact-company-items-get.md,
 * crm-contact-company-items-set.md, crm-contact-company-items-delete.md, and
 * b24restdocs api-reference/crm/contacts/company/, _includes/system-errors.md, [server] CRestServer::processException (add/delete/fields pages, EntityBinding [server]).
 */
import { companyBinding, hook, useSandbox } from './test-helpers';

describe('sandbox: crm.contact.company.*', () => {
	const sandbox = useSandbox();
	const items = async (id: number) =>
		(await hook(sandbox(), 'crm.contact.company.items.get', { id })).body.result;
	const contactCompanyId = async (id: number) =>
		(await hook(sandbox(), 'crm.contact.get', { id })).body.result.COMPANY_ID;

	describe('items.get', () => {
		test('demo contact 54 answers exactly the doc example (crm-contact-company-items-get.md "Response Handling")', async () => {
			expect(await items(54)).toEqual([
				companyBinding(7, 100, 'Y'),
				companyBinding(8, 110, 'N'),
				companyBinding(9, 120, 'N'),
			]);
		});

		test('a contact without bindings → [] (b24restdocs api-reference/crm/contacts/company/)', async () => {
			expect(await items(82)).toEqual([]);
		});

		test('id missing, 0, negative or not a number → 400 ownerEntityID (crm-contact-company-items-get.md "Error Handling"; status per b24restdocs _includes/system-errors.md, [server] CRestServer::processException)', async () => {
			for (const params of [{}, { id: 0 }, { id: -5 }, { id: 'abc' }]) {
				const r = await hook(sandbox(), 'crm.contact.company.items.get', params);
				expect(r.status).toBe(400);
				expect(r.body).toEqual({
					error: '',
					error_description: 'The parameter ownerEntityID is invalid or not defined.',
				});
			}
		});

		test('unknown contact → 400 "Not found" by default, [] when switched (an open point the docs leave; README choice)', async () => {
			const sb = sandbox();
			const r = await hook(sb, 'crm.contact.company.items.get', { id: 999 });
			expect(r.status).toBe(400);
			expect(r.body).toEqual({ error: '', error_description: 'Not found' });
			await sb.control.setBehaviour({ itemsGetUnknownContact: 'empty' });
			const r2 = await hook(sb, 'crm.contact.company.items.get', { id: 999 });
			expect(r2.status).toBe(200);
			expect(r2.body.result).toEqual([]);
		});

		test('ID in upper case is accepted too (b24restdocs api-reference/crm/contacts/company/: CRM proxy resolves id/ID)', async () => {
			const r = await hook(sandbox(), 'crm.contact.company.items.get', { ID: '54' });
			expect(r.body.result).toHaveLength(3);
		});
	});

	describe('items.set', () => {
		test('the doc example: 8 primary SORT 100, 9 SORT 200, 10 SORT 400 (crm-contact-company-items-set.md "Code Examples")', async () => {
			const r = await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 82,
				items: [
					{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 100 },
					{ COMPANY_ID: 9, SORT: 200 },
					{ COMPANY_ID: 10, SORT: 400 },
				],
			});
			expect(r.status).toBe(200);
			expect(r.body.result).toBe(true);
			expect(await items(82)).toEqual([
				companyBinding(8, 100, 'Y'),
				companyBinding(9, 200, 'N'),
				companyBinding(10, 400, 'N'),
			]);
			expect(await contactCompanyId(82)).toBe('8');
		});

		test('replaces the whole set (b24restdocs api-reference/crm/contacts/company/: "replaces the entire set")', async () => {
			await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 54,
				items: [{ COMPANY_ID: 10, SORT: 5 }],
			});
			expect(await items(54)).toEqual([companyBinding(10, 5, 'Y')]);
		});

		test('no IS_PRIMARY=Y → the first binding is primary (crm-contact-company-items-set.md IS_PRIMARY)', async () => {
			await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 82,
				items: [
					{ COMPANY_ID: 9, SORT: 20 },
					{ COMPANY_ID: 8, SORT: 10 },
				],
			});
			expect(await items(82)).toEqual([companyBinding(8, 10, 'N'), companyBinding(9, 20, 'Y')]);
			expect(await contactCompanyId(82)).toBe('9');
		});

		test('several IS_PRIMARY=Y → the first of them wins (crm-contact-company-items-set.md IS_PRIMARY)', async () => {
			await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 82,
				items: [
					{ COMPANY_ID: 8, IS_PRIMARY: 'N' },
					{ COMPANY_ID: 9, IS_PRIMARY: 'Y' },
					{ COMPANY_ID: 10, IS_PRIMARY: 'Y' },
				],
			});
			expect((await items(82)).map((b: { IS_PRIMARY: string }) => b.IS_PRIMARY)).toEqual([
				'N',
				'Y',
				'N',
			]);
		});

		test('only the string "Y" marks primary; JSON true does not (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding, normalizeEntityBindings === "Y")', async () => {
			await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 82,
				items: [{ COMPANY_ID: 8 }, { COMPANY_ID: 9, IS_PRIMARY: true }],
			});
			expect((await items(82)).map((b: { IS_PRIMARY: string }) => b.IS_PRIMARY)).toEqual([
				'Y',
				'N',
			]);
		});

		test('missing or ≤ 0 SORT defaults to (i + 1) * 10 (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding [server]; an open point the docs leave, README choice)', async () => {
			await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 54,
				items: [
					{ COMPANY_ID: 8 },
					{ COMPANY_ID: 9, SORT: 0 },
					{ COMPANY_ID: 10, SORT: 500 },
					{ COMPANY_ID: 11 },
				],
			});
			expect(
				(await items(54)).map((b: { COMPANY_ID: number; SORT: number }) => [b.COMPANY_ID, b.SORT]),
			).toEqual([
				[8, 10],
				[9, 20],
				[11, 40],
				[10, 500],
			]);
		});

		test('duplicates are dropped (first kept); COMPANY_ID ≤ 0 entries skipped silently; ROLE_ID always 0 (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding)', async () => {
			await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 82,
				items: [
					{ COMPANY_ID: 8, SORT: 10 },
					{ COMPANY_ID: 0 },
					{ COMPANY_ID: 8, SORT: 99, IS_PRIMARY: 'Y' },
					{ COMPANY_ID: 9, SORT: 20, ROLE_ID: 5 },
				],
			});
			expect(await items(82)).toEqual([companyBinding(8, 10, 'Y'), companyBinding(9, 20, 'N')]);
		});

		test('items not an array → 400 "The parameter items must be array." (crm-contact-company-items-set.md "Error Handling")', async () => {
			for (const params of [{ id: 82 }, { id: 82, items: 'x' }, { id: 82, items: 5 }]) {
				const r = await hook(sandbox(), 'crm.contact.company.items.set', params);
				expect(r.status).toBe(400);
				expect(r.body).toEqual({
					error: '',
					error_description: 'The parameter items must be array.',
				});
			}
		});

		test('id invalid → 400 ownerEntityID; unknown contact → 400 Not found (crm-contact-company-items-set.md error table)', async () => {
			const bad = await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 0,
				items: [{ COMPANY_ID: 8 }],
			});
			expect(bad.body.error_description).toBe(
				'The parameter ownerEntityID is invalid or not defined.',
			);
			const missing = await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 999,
				items: [{ COMPANY_ID: 8 }],
			});
			expect(missing.status).toBe(400);
			expect(missing.body).toEqual({ error: '', error_description: 'Not found' });
		});

		test('JSON items: [] clears the bindings by default, or is refused when switched (the error tables of b24restdocs api-reference/crm/contacts/company//an open point the docs leave; README)', async () => {
			const sb = sandbox();
			const r = await hook(sb, 'crm.contact.company.items.set', { id: 54, items: [] });
			expect(r.status).toBe(200);
			expect(r.body.result).toBe(true);
			expect(await items(54)).toEqual([]);
			expect(await contactCompanyId(54)).toBeNull();
			await sb.control.setBehaviour({ emptyItemsSet: 'error' });
			const r2 = await hook(sb, 'crm.contact.company.items.set', { id: 82, items: [] });
			expect(r2.status).toBe(400);
			expect(r2.body.error_description).toBe('The parameter items must be array.');
		});

		test('a company that does not exist is bound as given (README choice: the docs list no error for it)', async () => {
			const r = await hook(sandbox(), 'crm.contact.company.items.set', {
				id: 82,
				items: [{ COMPANY_ID: 4242 }],
			});
			expect(r.status).toBe(200);
			expect(await items(82)).toEqual([companyBinding(4242, 10, 'Y')]);
		});
	});

	describe('items.delete', () => {
		test('removes every binding; COMPANY_ID of the contact becomes null (crm-contact-company-items-delete.md; b24restdocs api-reference/crm/contacts/company/ index.md)', async () => {
			expect(await contactCompanyId(54)).toBe('7');
			const r = await hook(sandbox(), 'crm.contact.company.items.delete', { id: 54 });
			expect(r.status).toBe(200);
			expect(r.body.result).toBe(true);
			expect(await items(54)).toEqual([]);
			expect(await contactCompanyId(54)).toBeNull();
		});

		test('id invalid → 400 ownerEntityID; unknown contact → 400 Not found (crm-contact-company-items-delete.md errors; README)', async () => {
			const bad = await hook(sandbox(), 'crm.contact.company.items.delete', {});
			expect(bad.status).toBe(400);
			expect(bad.body.error_description).toBe(
				'The parameter ownerEntityID is invalid or not defined.',
			);
			const missing = await hook(sandbox(), 'crm.contact.company.items.delete', { id: 999 });
			expect(missing.body).toEqual({ error: '', error_description: 'Not found' });
		});
	});

	describe('add', () => {
		test('first binding is primary with SORT 10; later ones max + 10 (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding, crm-contact-company-add.md)', async () => {
			expect(
				(await hook(sandbox(), 'crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 8 } }))
					.body.result,
			).toBe(true);
			expect(
				(
					await hook(sandbox(), 'crm.contact.company.add', {
						id: 82,
						fields: { COMPANY_ID: 9, SORT: 50 },
					})
				).body.result,
			).toBe(true);
			expect(
				(await hook(sandbox(), 'crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 10 } }))
					.body.result,
			).toBe(true);
			expect(await items(82)).toEqual([
				companyBinding(8, 10, 'Y'),
				companyBinding(9, 50, 'N'),
				companyBinding(10, 60, 'N'),
			]);
			expect(await contactCompanyId(82)).toBe('8');
		});

		test('several adds in one batch, no IS_PRIMARY: the first on a contact without companies is primary; the same batch again answers false and changes nothing (b24restdocs api-reference/crm/contacts/company/crm-contact-company-add.md IS_PRIMARY, result)', async () => {
			const cmd = {
				a: 'crm.contact.company.add?id=82&fields[COMPANY_ID]=9',
				b: 'crm.contact.company.add?id=82&fields[COMPANY_ID]=8',
				c: 'crm.contact.company.add?id=82&fields[COMPANY_ID]=10',
			};
			const first = await hook(sandbox(), 'batch', { halt: 0, cmd });
			expect(first.body.result.result).toEqual({ a: true, b: true, c: true });
			const linked = [
				companyBinding(9, 10, 'Y'),
				companyBinding(8, 20, 'N'),
				companyBinding(10, 30, 'N'),
			];
			expect(await items(82)).toEqual(linked);
			const again = await hook(sandbox(), 'batch', { halt: 0, cmd });
			expect(again.body.result.result).toEqual({ a: false, b: false, c: false });
			expect(await items(82)).toEqual(linked);
			expect(await contactCompanyId(82)).toBe('9');
		});

		test('IS_PRIMARY=Y on a new binding takes the primary over (crm-contact-company-add.md IS_PRIMARY)', async () => {
			await hook(sandbox(), 'crm.contact.company.add', {
				id: 54,
				fields: { COMPANY_ID: 10, IS_PRIMARY: 'Y' },
			});
			const list = await items(54);
			expect(list.find((b: { COMPANY_ID: number }) => b.COMPANY_ID === 10)).toEqual(
				companyBinding(10, 130, 'Y'),
			);
			expect(list.filter((b: { IS_PRIMARY: string }) => b.IS_PRIMARY === 'Y')).toHaveLength(1);
			expect(await contactCompanyId(54)).toBe('10');
		});

		test('already bound → result false, nothing changes (b24restdocs api-reference/crm/contacts/company/)', async () => {
			const r = await hook(sandbox(), 'crm.contact.company.add', {
				id: 54,
				fields: { COMPANY_ID: 8, IS_PRIMARY: 'Y' },
			});
			expect(r.status).toBe(200);
			expect(r.body.result).toBe(false);
			expect(await contactCompanyId(54)).toBe('7');
		});

		test('fields not an object → "The parameter \'fields\' must be array"; COMPANY_ID missing/≤ 0 → "is not valid" (the error tables of b24restdocs api-reference/crm/contacts/company/)', async () => {
			for (const fields of [undefined, 'x', 7]) {
				const r = await hook(sandbox(), 'crm.contact.company.add', { id: 54, fields });
				expect(r.status).toBe(400);
				expect(r.body).toEqual({
					error: '',
					error_description: "The parameter 'fields' must be array",
				});
			}
			for (const fields of [{}, { COMPANY_ID: 0 }, { COMPANY_ID: -3 }]) {
				const r = await hook(sandbox(), 'crm.contact.company.add', { id: 54, fields });
				expect(r.status).toBe(400);
				expect(r.body).toEqual({
					error: '',
					error_description: "The parameter 'fields' is not valid",
				});
			}
		});

		test("id invalid → 'ownerEntityID' quoted; unknown contact → Not found (crm-contact-company-add.md error example; the error tables of b24restdocs api-reference/crm/contacts/company/)", async () => {
			expect(
				(await hook(sandbox(), 'crm.contact.company.add', { id: -1, fields: { COMPANY_ID: 8 } }))
					.body.error_description,
			).toBe("The parameter 'ownerEntityID' is invalid or not defined.");
			expect(
				(await hook(sandbox(), 'crm.contact.company.add', { id: 999, fields: { COMPANY_ID: 8 } }))
					.body,
			).toEqual({
				error: '',
				error_description: 'Not found',
			});
		});
	});

	describe('delete', () => {
		test('removing a non-primary binding keeps the primary (b24restdocs api-reference/crm/contacts/company/)', async () => {
			const r = await hook(sandbox(), 'crm.contact.company.delete', {
				id: 54,
				fields: { COMPANY_ID: 8 },
			});
			expect(r.body.result).toBe(true);
			expect((await items(54)).map((b: { COMPANY_ID: number }) => b.COMPANY_ID)).toEqual([7, 9]);
			expect(await contactCompanyId(54)).toBe('7');
		});

		test('removing the primary makes the first remaining binding primary (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding, crm-contact-company-delete.md)', async () => {
			await hook(sandbox(), 'crm.contact.company.delete', { id: 54, fields: { COMPANY_ID: 7 } });
			expect(await items(54)).toEqual([companyBinding(8, 110, 'Y'), companyBinding(9, 120, 'N')]);
			expect(await contactCompanyId(54)).toBe('8');
		});

		test('not bound → result false (b24restdocs api-reference/crm/contacts/company/)', async () => {
			const r = await hook(sandbox(), 'crm.contact.company.delete', {
				id: 54,
				fields: { COMPANY_ID: 10 },
			});
			expect(r.status).toBe(200);
			expect(r.body.result).toBe(false);
		});

		test('removing the last binding leaves COMPANY_ID null (b24restdocs api-reference/crm/contacts/company/ index.md)', async () => {
			await hook(sandbox(), 'crm.contact.company.add', { id: 82, fields: { COMPANY_ID: 8 } });
			await hook(sandbox(), 'crm.contact.company.delete', { id: 82, fields: { COMPANY_ID: 8 } });
			expect(await contactCompanyId(82)).toBeNull();
		});

		test('fields validation as for add (the error tables of b24restdocs api-reference/crm/contacts/company/)', async () => {
			expect(
				(await hook(sandbox(), 'crm.contact.company.delete', { id: 54 })).body.error_description,
			).toBe("The parameter 'fields' must be array");
			expect(
				(await hook(sandbox(), 'crm.contact.company.delete', { id: 54, fields: { SORT: 1 } })).body
					.error_description,
			).toBe("The parameter 'fields' is not valid");
		});
	});

	test('fields lists COMPANY_ID (required), SORT and IS_PRIMARY only (b24restdocs api-reference/crm/contacts/company/)', async () => {
		const r = await hook(sandbox(), 'crm.contact.company.fields');
		expect(r.status).toBe(200);
		expect(Object.keys(r.body.result).sort()).toEqual(['COMPANY_ID', 'IS_PRIMARY', 'SORT']);
		expect(r.body.result.COMPANY_ID).toMatchObject({ type: 'integer', isRequired: true });
		expect(r.body.result.SORT.type).toBe('integer');
		expect(r.body.result.IS_PRIMARY.type).toBe('char');
	});
});
