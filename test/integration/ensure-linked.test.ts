/**
 * The README's "ensure these companies are linked" recipe, run by n8n-core's engine against the
 * sandbox: Add with a JSON list and primary off. A second run changes nothing, and a contact that
 * had no company gets the first one as its primary (api-reference/crm/contacts/company/
 * crm-contact-company-add.md: "For the first added element, IS_PRIMARY is Y by default").
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import type { Sandbox } from '../sandbox/server';
import {
	bindingsOf,
	callsOf,
	jsonOf,
	locator,
	pairingOf,
	primaryCompanyOf,
	restLog,
	run,
	useWebhookSuite,
} from './helpers';

let sandbox: Sandbox;
let store: CredentialStore;

useWebhookSuite((suiteSandbox, suiteStore) => {
	sandbox = suiteSandbox;
	store = suiteStore;
});

/** The recipe: each item names a contact and the companies it must be linked to. */
const RECIPE: IDataObject = {
	contactId: locator('={{ $json.contact }}'),
	companiesInput: 'json',
	companiesJson: '={{ $json.companies }}',
};

const ensureLinked = (items: IDataObject[]) =>
	run({ store, auth: 'webhook', operation: 'add', parameters: RECIPE, items });

const ITEMS = [
	{ contact: 82, companies: [8, 9, 10] },
	{ contact: 54, companies: [8, 10] },
];

it('links what is missing, leaves the rest, and makes the first company primary on a contact that had none', async () => {
	const result = await ensureLinked(ITEMS);

	expect(result.error).toBeUndefined();
	expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
	const [contact82, contact54] = jsonOf(result.items);
	expect(contact82.results).toEqual([
		{ companyId: 8, added: true, alreadyBound: false },
		{ companyId: 9, added: true, alreadyBound: false },
		{ companyId: 10, added: true, alreadyBound: false },
	]);
	expect(contact54.results).toEqual([
		{ companyId: 8, added: false, alreadyBound: true },
		{ companyId: 10, added: true, alreadyBound: false },
	]);
	expect(await bindingsOf(sandbox, 82)).toEqual([
		{ COMPANY_ID: 8, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		{ COMPANY_ID: 9, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
		{ COMPANY_ID: 10, SORT: 30, ROLE_ID: 0, IS_PRIMARY: 'N' },
	]);
	expect(await primaryCompanyOf(sandbox, 82)).toBe(8);
	// Contact 54 keeps its primary company 7: primary off never takes it over.
	expect(await primaryCompanyOf(sandbox, 54)).toBe(7);
	expect(contact54.companies).toEqual([
		{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
		{ companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
		{ companyId: 9, isPrimary: false, sort: 120, roleId: 0 },
		{ companyId: 10, isPrimary: false, sort: 130, roleId: 0 },
	]);

	// Both items' commands (3 + 1 read-back, 2 + 1) went in one batch request, no IS_PRIMARY sent.
	const log = await restLog(sandbox);
	expect(log).toHaveLength(1);
	const calls = callsOf(log[0]);
	expect(calls.map((c) => c.method)).toEqual([
		'crm.contact.company.add',
		'crm.contact.company.add',
		'crm.contact.company.add',
		'crm.contact.company.items.get',
		'crm.contact.company.add',
		'crm.contact.company.add',
		'crm.contact.company.items.get',
	]);
	expect(calls.filter((c) => JSON.stringify(c.params).includes('IS_PRIMARY'))).toEqual([]);
});

it('running it again changes nothing and says every company was already bound', async () => {
	await ensureLinked(ITEMS);
	const before = await sandbox.control.getState();

	const again = await ensureLinked(ITEMS);

	expect(again.error).toBeUndefined();
	for (const [index, item] of jsonOf(again.items).entries()) {
		expect(item.results).toEqual(
			ITEMS[index].companies.map((companyId) => ({ companyId, added: false, alreadyBound: true })),
		);
	}
	const after = await sandbox.control.getState();
	expect(after.bindings).toEqual(before.bindings);
	expect(after.familyBindings).toEqual(before.familyBindings);
	expect(after.contacts.map((c) => [c.ID, c.COMPANY_ID])).toEqual(
		before.contacts.map((c) => [c.ID, c.COMPANY_ID]),
	);
});
