/**
 * Records named by e-mail, phone, company name or tax ID (issue 24), run by n8n-core's engine
 * against the sandbox over real HTTP. The demo portal's values (test/sandbox/demo-seed.ts): contact
 * 54 ivan.petrov@example.com / +7 912 345-67-89, contacts 84 and 92 share office@example.com,
 * company 7 Alpha LLC has TIN 7707083893, company 10 Delta Consulting VAT ID DE811907980.
 */
import { getSchema } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';
import type { IDataObject } from 'n8n-workflow';

import {
	bindingsOf,
	callsIn,
	jsonOf,
	locator,
	pairingOf,
	restLog,
	useWebhookSuite,
} from './helpers';

const suite = useWebhookSuite();

/** A record picker in one of the lookup modes, as the editor saves it. */
const by = (mode: string, value: string) => ({ __rl: true, mode, value });

const methodsSent = async () => callsIn(await restLog(suite.sandbox)).map((call) => call.method);

it('Add: the contact by e-mail and the company by name, in any case; the output says what each found', async () => {
	const result = await suite.exec('add', {
		contactId: by('email', '  Ivan.Petrov@EXAMPLE.com '),
		companyId: by('companyName', 'delta consulting'),
	});

	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items)).toEqual([
		expect.objectContaining({
			contactId: 54,
			companyId: 10,
			added: true,
			resolved: [
				{ email: 'Ivan.Petrov@EXAMPLE.com', contactId: 54 },
				{ companyName: 'delta consulting', companyId: 10 },
			],
		}),
	]);
	expect((await bindingsOf(suite.sandbox, 54)).map((b) => (b as IDataObject).COMPANY_ID)).toEqual([
		7, 8, 9, 10,
	]);
	// The lookups go first, in one batch request; then the item's own calls.
	const log = await restLog(suite.sandbox);
	expect(log.map((entry) => entry.method)).toEqual(['batch', 'batch']);
	expect(
		callsIn(log.slice(0, 1))
			.map((call) => call.method)
			.sort(),
	).toEqual(['crm.company.list', 'crm.duplicate.findbycomm']);
});

it('Set: companies named by tax ID in JSON (TIN or VAT ID), with primary and sort as before', async () => {
	const result = await suite.exec('set', {
		contactId: locator(82),
		companiesInput: 'json',
		companiesJson: JSON.stringify([
			{ taxId: 'DE811907980' },
			{ taxId: '7707083893', IS_PRIMARY: 'Y' },
		]),
	});

	expect(result.error).toBeUndefined();
	const [output] = jsonOf(result.items);
	expect(output.resolved).toEqual([
		{ taxId: 'DE811907980', companyId: 10 },
		{ taxId: '7707083893', companyId: 7 },
	]);
	expect(await bindingsOf(suite.sandbox, 82)).toEqual([
		{ COMPANY_ID: 10, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
		{ COMPANY_ID: 7, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
	]);
});

it('an e-mail two contacts share fails its item, lists their IDs, and nothing changes in Bitrix24', async () => {
	const before = await suite.sandbox.control.getState();
	const result = await suite.exec(
		'add',
		{ contactId: by('email', '={{ $json.email }}'), companyId: locator(11) },
		[{ email: 'maria.ivanova@example.com' }, { email: 'office@example.com' }],
	);

	expect(result.error?.message).toBe(
		'2 contacts have the e-mail "office@example.com" (Contact, item 1): IDs 84, 92',
	);
	expect((result.error as unknown as { description: string }).description).toContain(
		'When Several Records Match',
	);
	// Without continue-on-fail the lookups run before any item's calls: no add was sent at all.
	expect(await methodsSent()).toEqual(['crm.duplicate.findbycomm', 'crm.duplicate.findbycomm']);
	expect((await suite.sandbox.control.getState()).bindings).toEqual(before.bindings);
});

it('Use the Oldest takes the lowest of the matching IDs', async () => {
	const result = await suite.exec('get', {
		contactId: by('email', 'office@example.com'),
		output: 'perOwner',
		options: { severalMatches: 'oldest' },
	});

	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items)).toEqual([
		{ contactId: 84, companies: [], resolved: [{ email: 'office@example.com', contactId: 84 }] },
	]);
});

it('a phone written three ways finds the same contact, with one search for the three', async () => {
	const phones = ['+7 (912) 345-67-89', '8 912 345 67 89', '0079123456789'];
	const result = await suite.exec(
		'get',
		{ contactId: by('phone', '={{ $json.phone }}'), output: 'perOwner' },
		phones.map((phone) => ({ phone })),
	);

	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items).map((json) => [json.contactId, json.resolved])).toEqual(
		phones.map((phone) => [54, [{ phone, contactId: 54 }]]),
	);
	expect((await methodsSent()).filter((method) => method.includes('findbycomm'))).toHaveLength(1);
});

it('continue-on-fail: every item gets its own output or error, paired, and only the good ones change', async () => {
	const items = [
		{ email: 'maria.ivanova@example.com' },
		{ email: 'nobody@example.com' },
		{ email: 'office@example.com' },
		{ email: 'not an address' },
		{ email: 'ivan.petrov@example.com' },
	];
	const result = await suite.exec(
		'add',
		{ contactId: by('email', '={{ $json.email }}'), companyId: by('companyName', 'Zeta Foods') },
		items,
		true,
	);

	expect(result.error).toBeUndefined();
	expect(pairingOf(result.items)).toEqual(items.map((_item, index) => ({ item: index })));
	const outputs = jsonOf(result.items);
	expect(outputs.map((json) => json.contactId ?? null)).toEqual([82, null, null, null, 54]);
	expect(outputs[1].error).toBe('No contact has the e-mail "nobody@example.com" (Contact, item 1)');
	expect(outputs[1].description).toContain('crm.duplicate.findbycomm');
	expect(outputs[2].error).toBe(
		'2 contacts have the e-mail "office@example.com" (Contact, item 2): IDs 84, 92',
	);
	expect(outputs[3].error).toBe(
		'Invalid Contact in item 3: "not an address" is not an e-mail address',
	);
	const state = await suite.sandbox.control.getState();
	expect(state.bindings['84']).toBeUndefined();
	expect(state.bindings['92']).toBeUndefined();
	expect(state.bindings['82']).toEqual([expect.objectContaining({ COMPANY_ID: 12 })]);
});

it('the lookups of many items go in batch requests spread over the requests in flight, each value once', async () => {
	const emails = Array.from({ length: 60 }, (_v, index) => `person${index}@example.com`);
	await suite.sandbox.control.seed({
		contacts: emails.map((_email, index) => ({ ID: 1000 + index, NAME: `Person ${index}` })),
		communications: emails.map((email, index) => ({
			entityType: 'CONTACT' as const,
			ID: 1000 + index,
			EMAIL: [email],
		})),
	});
	await suite.sandbox.control.clearLog();
	const items = [...emails, ...emails].map((email) => ({ email }));
	const result = await suite.exec(
		'get',
		{ contactId: by('email', '={{ $json.email }}'), output: 'perOwner' },
		items,
	);

	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items).map((json) => json.contactId)).toEqual(
		items.map((_item, index) => 1000 + (index % 60)),
	);
	const log = await restLog(suite.sandbox);
	const lookupRequests = log.filter((entry) =>
		(entry.subCalls ?? []).some((sub) => sub.method === 'crm.duplicate.findbycomm'),
	);
	// 60 values, one command each, shared by the 8 requests in flight (engine/spread.ts)
	const sizes = lookupRequests.map((entry) => entry.subCalls?.length ?? 0);
	expect(sizes.sort()).toEqual([7, 7, 7, 7, 8, 8, 8, 8]);
});

it('as an AI tool: the model fills two strings, and one call links the contact to the company', async () => {
	// What a workflow author sets in the Bitrix24 Tool: the modes, and $fromAI for the values.
	const fromAi = {
		contactId: by('email', "={{ $fromAI('email', 'The e-mail address of the contact') }}"),
		companyId: by('companyName', "={{ $fromAI('company', 'The exact name of the company') }}"),
	};
	const tool = {
		id: 'tool',
		name: 'Bitrix24 Tool',
		type: 'bitrix24Tool',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: { resource: 'contactCompany', operation: 'add', ...fromAi },
	};
	// n8n-core builds the tool's input schema from the $fromAI calls (create-node-as-tool.ts).
	const schema = getSchema(tool);
	expect(Object.keys(schema.shape)).toEqual(['email', 'company']);
	expect(schema.shape.email.description).toBe('The e-mail address of the contact');

	// The tool then runs the node with the model's values in place of the calls.
	const result = await suite.exec('add', {
		contactId: by('email', 'maria.ivanova@example.com'),
		companyId: by('companyName', 'Gamma Trading'),
	});
	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items)[0]).toMatchObject({ contactId: 82, companyId: 9, added: true });
});

it("a search Bitrix24 refuses fails the items that needed it, in Bitrix24's words, and they change nothing", async () => {
	await suite.sandbox.control.injectFault({
		match: { method: 'crm.company.list' },
		count: 1,
		fault: {
			kind: 'status',
			status: 403,
			body: { error: 'ACCESS_DENIED', error_description: 'Access denied.' },
		},
	});
	const result = await suite.exec(
		'add',
		{
			contactId: locator('={{ $json.contact }}'),
			companyId: by('companyName', '={{ $json.company }}'),
		},
		[
			{ contact: 82, company: 'Zeta Foods' },
			{ contact: 54, company: 'Zeta Foods' },
		],
		true,
	);

	expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
	for (const json of jsonOf(result.items)) {
		expect(json.error).toBe(
			'Bitrix24 denied access to the search for the company named "Zeta Foods"',
		);
		expect(String(json.description)).toContain('read companies');
	}
	expect(await methodsSent()).toEqual(['crm.company.list']);
});

it.each([false, true])(
	'items by ID and by e-mail in one run keep their order and pairing (continue-on-fail %s)',
	async (continueOnFail) => {
		const items = [{ contact: '54' }, { contact: 'maria.ivanova@example.com' }, { contact: '83' }];
		const result = await suite.exec(
			'get',
			{
				contactId: {
					__rl: true,
					mode: `={{ $json.contact.includes('@') ? 'email' : 'id' }}`,
					value: '={{ $json.contact }}',
				},
				output: 'perOwner',
			},
			items,
			continueOnFail,
		);

		expect(result.error).toBeUndefined();
		expect(pairingOf(result.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(jsonOf(result.items).map((json) => [json.contactId, json.resolved])).toEqual([
			[54, undefined],
			[82, [{ email: 'maria.ivanova@example.com', contactId: 82 }]],
			[83, undefined],
		]);
	},
);

it('Get with Include Names: every output item of a contact found by e-mail says what it resolved', async () => {
	const result = await suite.exec('get', {
		contactId: by('phone', '+7 912 345 67 89'),
		output: 'perBinding',
		includeNames: true,
	});

	expect(jsonOf(result.items).map((json) => [json.companyName, json.resolved])).toEqual(
		['Alpha LLC', 'Beta Logistics', 'Gamma Trading'].map((name) => [
			name,
			[{ phone: '+7 912 345 67 89', contactId: 54 }],
		]),
	);
});

it('Set with Skip Unchanged on a contact named by e-mail: found first, then read in the list round', async () => {
	const result = await suite.exec('set', {
		contactId: by('email', 'ivan.petrov@example.com'),
		companiesInput: 'json',
		companiesJson: '[{"COMPANY_ID": 7, "IS_PRIMARY": "Y"}, 8, 9]',
		options: { skipUnchanged: true },
	});
	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items)).toEqual([
		expect.objectContaining({
			contactId: 54,
			updated: false,
			unchanged: true,
			resolved: [{ email: 'ivan.petrov@example.com', contactId: 54 }],
		}),
	]);
	expect(await methodsSent()).toEqual(['crm.duplicate.findbycomm', 'crm.item.list']);
});
