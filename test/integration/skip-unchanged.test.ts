/**
 * Skip Unchanged (Set and Clear): every record is read first (crm.item.list, 50 records a command,
 * or items.get where the list cannot tell), and only the records whose bindings differ from the
 * target get items.set / items.delete, as the sandbox's request log shows. Off by default. The demo portal: contact 54 is bound to 7 (primary, SORT
 * 100), 8 (110) and 9 (120); contact 83 to 11; contact 82 to nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import type { Sandbox } from '../sandbox/server';
import { bindingsOf, callsOf, jsonOf, locator, restLog, run, useWebhookSuite } from './helpers';

let sandbox: Sandbox;
let store: CredentialStore;

useWebhookSuite((suiteSandbox, suiteStore) => {
	sandbox = suiteSandbox;
	store = suiteStore;
});

const ITEMS_GET = 'crm.contact.company.items.get';
const ITEMS_SET = 'crm.contact.company.items.set';
const LIST = 'crm.item.list';

/** Each item names a contact and its companies as JSON; Set runs over them with `options`. */
const setEach = (
	items: Array<{ contact: number | string; companies: unknown[] }>,
	options: IDataObject,
	continueOnFail = false,
) =>
	run({
		store,
		auth: 'webhook',
		operation: 'set',
		parameters: {
			contactId: locator('={{ $json.contact }}'),
			companiesInput: 'json',
			companiesJson: '={{ $json.companies }}',
			options,
		},
		items,
		continueOnFail,
	});

/** The methods of the run's requests, one list per request. */
async function requests(): Promise<string[][]> {
	return (await restLog(sandbox)).map((entry) => callsOf(entry).map((call) => call.method));
}

/** The contacts that got an items.set, in the order sent. */
async function contactsSet(): Promise<number[]> {
	return (await restLog(sandbox))
		.flatMap((entry) => callsOf(entry))
		.filter((call) => call.method === ITEMS_SET)
		.map((call) => Number(call.params.id));
}

/** Contact 54 as it is: 7 primary, then 8 and 9, in that order. */
const AS_IS_54 = [{ COMPANY_ID: 7, IS_PRIMARY: 'Y' }, 8, 9];

it('reads every record first, together in one crm.item.list command, and sends items.set only to the ones that differ', async () => {
	const result = await setEach(
		[
			{ contact: 54, companies: AS_IS_54 },
			{ contact: 82, companies: [10] },
			{ contact: 83, companies: [11, 12] },
		],
		{ skipUnchanged: true },
	);

	expect(result.error).toBeUndefined();
	expect(await contactsSet()).toEqual([82, 83]);
	const [first] = await restLog(sandbox);
	expect(callsOf(first)).toEqual([
		{
			method: LIST,
			params: expect.objectContaining({
				entityTypeId: 3,
				filter: { '@id': [54, 82, 83] },
				select: ['id', 'companyIds', 'companyId'],
			}),
		},
	]);
	const output = jsonOf(result.items);
	expect(output.map((item) => [item.contactId, item.updated, item.unchanged])).toEqual([
		[54, false, true],
		[82, true, false],
		[83, true, false],
	]);
	// The unchanged record's bindings are the ones read, as far as the list shows them.
	expect(output[0].companies).toEqual([
		{ companyId: 7, isPrimary: true },
		{ companyId: 8, isPrimary: false },
		{ companyId: 9, isPrimary: false },
	]);
	// The changed ones are read back after the change, as without the option: no items.get before.
	expect(await requests()).toEqual([[LIST], [ITEMS_SET, ITEMS_GET, ITEMS_SET, ITEMS_GET]]);
	expect((await bindingsOf(sandbox, 82)).map((b) => (b as IDataObject).COMPANY_ID)).toEqual([10]);
});

it.each([
	['another primary', [7, { COMPANY_ID: 8, IS_PRIMARY: 'Y' }, 9]],
	['another order', [{ COMPANY_ID: 7, IS_PRIMARY: 'Y' }, 9, 8]],
	['another given sort', [{ COMPANY_ID: 7, IS_PRIMARY: 'Y', SORT: 5 }, 8, 9]],
	['one more record', [...AS_IS_54, 10]],
])('counts %s as a change', async (_what, companies) => {
	const result = await setEach([{ contact: 54, companies }], { skipUnchanged: true });
	expect(jsonOf(result.items)[0].unchanged).toBe(false);
	expect(await contactsSet()).toEqual([54]);
});

it('counts sorts the node numbers itself only by their order', async () => {
	// 7, 8, 9 at 100, 110, 120 are in the order the list gives, with sorts the node would number 10, 20, 30.
	const result = await setEach([{ contact: 54, companies: AS_IS_54 }], { skipUnchanged: true });
	expect(jsonOf(result.items)[0].unchanged).toBe(true);
	expect(await contactsSet()).toEqual([]);
});

it('is off by default: no read first, and no "unchanged" in the output', async () => {
	const result = await setEach([{ contact: 54, companies: AS_IS_54 }], {});
	expect(jsonOf(result.items)[0]).not.toHaveProperty('unchanged');
	expect(await requests()).toEqual([[ITEMS_SET, ITEMS_GET]]);
});

it('with Report Change, reuses the first read for the report instead of reading again', async () => {
	const result = await setEach(
		[
			{ contact: 54, companies: AS_IS_54 },
			{ contact: 83, companies: [12] },
		],
		{ skipUnchanged: true, reportChange: true },
	);

	expect(jsonOf(result.items).map((item) => item.change)).toEqual([
		{ added: [], removed: [], kept: [7, 8, 9], primaryBefore: 7, primaryAfter: 7 },
		{ added: [12], removed: [11], kept: [], primaryBefore: 11, primaryAfter: 12 },
	]);
	// One read before (shared with Skip Unchanged), then the change and its read-back only.
	expect(await requests()).toEqual([[LIST], [ITEMS_SET, ITEMS_GET]]);
});

it('reads a record alone (items.get) where the list cannot tell: a SORT given, which the list does not show', async () => {
	const sorted = [{ COMPANY_ID: 7, IS_PRIMARY: 'Y', SORT: 100 }, 8, 9];
	const result = await setEach(
		[
			{ contact: 54, companies: sorted },
			{ contact: 83, companies: [11] },
		],
		{ skipUnchanged: true },
	);
	expect(jsonOf(result.items).map((item) => item.unchanged)).toEqual([true, true]);
	expect(await requests()).toEqual([[LIST], [ITEMS_GET]]);
	expect(jsonOf(result.items)[0].companies).toEqual([
		{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
		{ companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
		{ companyId: 9, isPrimary: false, sort: 120, roleId: 0 },
	]);
});

it('a list read that fails leaves each record to be read alone, with the same result', async () => {
	await sandbox.control.injectFault({
		match: { method: LIST },
		count: 1,
		fault: {
			kind: 'status',
			status: 400,
			body: { error: 'ERROR_CORE', error_description: 'list unavailable' },
		},
	});
	const result = await setEach(
		[
			{ contact: 54, companies: AS_IS_54 },
			{ contact: 82, companies: [10] },
		],
		{ skipUnchanged: true },
	);
	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items).map((item) => [item.updated, item.unchanged])).toEqual([
		[false, true],
		[true, false],
	]);
	expect(await contactsSet()).toEqual([82]);
	expect((await requests()).slice(1)).toEqual([
		[ITEMS_GET, ITEMS_GET],
		[ITEMS_SET, ITEMS_GET],
	]);
});

it('Clear skips the records with nothing bound', async () => {
	const result = await run({
		store,
		auth: 'webhook',
		operation: 'clear',
		parameters: { contactId: locator('={{ $json.contact }}'), options: { skipUnchanged: true } },
		items: [{ contact: 82 }, { contact: 83 }],
	});

	expect(jsonOf(result.items)).toEqual([
		{ contactId: 82, cleared: false, unchanged: true, companies: [] },
		{ contactId: 83, cleared: true, unchanged: false, companies: [] },
	]);
	const deletes = (await restLog(sandbox))
		.flatMap((entry) => callsOf(entry))
		.filter((call) => call.method === 'crm.contact.company.items.delete');
	expect(deletes.map((call) => Number(call.params.id))).toEqual([83]);
});

it('never skips a record that an earlier item of the run changes: the run ends as written in order', async () => {
	// Read first, the second item would look unchanged, yet the first item changes the record.
	const result = await setEach(
		[
			{ contact: 54, companies: [10] },
			{ contact: 54, companies: AS_IS_54 },
		],
		{ skipUnchanged: true },
	);
	expect(jsonOf(result.items).map((item) => item.unchanged)).toEqual([false, false]);
	expect((await bindingsOf(sandbox, 54)).map((b) => (b as IDataObject).COMPANY_ID)).toEqual([
		7, 8, 9,
	]);
});

it('a record someone changes between the read and the write still ends as the list says', async () => {
	// The write waits 1.5 s at the portal; meanwhile another client binds company 12 to contact 83.
	await sandbox.control.injectFault({
		match: { method: ITEMS_SET },
		count: 1,
		fault: { kind: 'delay', ms: 1_500 },
	});
	const running = setEach([{ contact: 83, companies: [10] }], { skipUnchanged: true });
	await waitUntil(async () => (await requests()).length >= 1);
	const response = await fetch(`${sandbox.webhookUrl}crm.contact.company.add.json`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ id: 83, fields: { COMPANY_ID: 12 } }),
	});
	expect(response.status).toBe(200);
	const result = await running;

	expect(jsonOf(result.items)[0]).toMatchObject({ updated: true, unchanged: false });
	expect((await bindingsOf(sandbox, 83)).map((b) => (b as IDataObject).COMPANY_ID)).toEqual([10]);
	expect(jsonOf(result.items)[0].companies).toEqual([
		{ companyId: 10, isPrimary: true, sort: 10, roleId: 0 },
	]);
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > until) throw new Error('the condition did not come true in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

it('with continue-on-fail, a refused item fails alone and the others are read together', async () => {
	const result = await setEach(
		[
			{ contact: 54, companies: AS_IS_54 },
			{ contact: 'not an id', companies: [10] },
			{ contact: 82, companies: [10] },
		],
		{ skipUnchanged: true },
		true,
	);
	const output = jsonOf(result.items);
	expect(output.map((item) => item.unchanged ?? 'error')).toEqual([true, 'error', false]);
	expect(String(output[1].error)).toContain('item 1');
	expect(await requests()).toEqual([[LIST], [ITEMS_SET, ITEMS_GET]]);
});

it('spreads the list reads over the requests in flight, since a batch runs its commands one after another', async () => {
	const contacts = Array.from({ length: 500 }, (_value, index) => 2000 + index);
	await sandbox.control.seed({ contacts: contacts.map((ID) => ({ ID, NAME: `Contact ${ID}` })) });
	await sandbox.control.clearLog();
	const result = await setEach(
		contacts.map((contact) => ({ contact, companies: [10] })),
		{ skipUnchanged: true, requestsInFlight: 2 },
	);

	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items).every((item) => item.unchanged === false)).toBe(true);
	// 500 records: 10 list commands of 50, shared by the 2 lanes (engine/spread.ts); then the
	// 500 changes.
	const sent = await requests();
	const lists = Array(5).fill(LIST);
	expect(sent.filter((methods) => methods.includes(LIST))).toEqual([lists, lists]);
	expect(sent.flat().filter((method) => method === ITEMS_SET)).toHaveLength(500);
});
