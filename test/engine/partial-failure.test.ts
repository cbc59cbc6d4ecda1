/**
 * Sub-calls of one batch failing while the others succeed (HTTP 200 with result_error): exactly
 * the failing items become error items, each paired with its own input; the rest succeed.
 */
import {
	commandsPerRequest,
	companyOf,
	getParameters,
	itemsFor,
	pairedIndex,
	restLog,
	run,
	setParameters,
	useSeededSandbox,
} from './fixtures';

const MISSING_CONTACT = 99_999;

const portal = useSeededSandbox(60);

const failedIndexes = (items: Array<{ json: { error?: unknown } }>) =>
	items.flatMap((item, index) => (item.json.error === undefined ? [] : [index]));

it('fails only the items that name a contact Bitrix24 does not have', async () => {
	const ids = portal.contacts.slice(0, 10);
	ids[3] = MISSING_CONTACT;
	ids[7] = MISSING_CONTACT + 1;
	const result = await run(portal.sandbox, getParameters(), itemsFor(ids));

	// 10 commands, shared by two of the lanes (engine/spread.ts)
	expect(commandsPerRequest(await restLog(portal.sandbox))).toEqual([5, 5]);
	expect(result.items).toHaveLength(10);
	expect(result.items.map(pairedIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	expect(failedIndexes(result.items)).toEqual([3, 7]);
	expect(result.items[3].json.error).toBe(`Contact ${MISSING_CONTACT} does not exist in Bitrix24`);
	expect(result.items[7].json.error).toBe(
		`Contact ${MISSING_CONTACT + 1} does not exist in Bitrix24`,
	);
	for (const index of [0, 1, 2, 4, 5, 6, 8, 9]) {
		expect(result.items[index].json).toEqual({
			contactId: ids[index],
			companies: [expect.objectContaining({ companyId: companyOf(ids[index]) })],
		});
	}
});

it('fails only the items whose sub-calls Bitrix24 refused, across two batches', async () => {
	const ids = portal.contacts.slice(0, 60);
	// The next three items.get sub-calls (items 0, 1, 2 of the first batch) are refused.
	await portal.sandbox.control.injectFault({
		match: { method: 'crm.contact.company.items.get' },
		count: 3,
		fault: {
			kind: 'status',
			status: 403,
			body: { error: 'ACCESS_DENIED', error_description: 'Access denied.' },
		},
	});
	// One request in flight, so the first batch is the one the portal answers first.
	const result = await run(portal.sandbox, getParameters({ requestsInFlight: 1 }), itemsFor(ids));

	expect(commandsPerRequest(await restLog(portal.sandbox))).toEqual([50, 10]);
	expect(result.items.map(pairedIndex)).toEqual(ids.map((_, index) => index));
	expect(failedIndexes(result.items)).toEqual([0, 1, 2]);
	expect(result.items[0].json.error).toBe(`Bitrix24 denied access to contact ${ids[0]}`);
	// Not retried: a refusal is not a limit or an outage.
	expect((await restLog(portal.sandbox)).length).toBe(2);
});

it('keeps a change and its read-back together: a refused change fails its item only', async () => {
	const ids = portal.contacts.slice(0, 5);
	ids[2] = MISSING_CONTACT;
	const result = await run(
		portal.sandbox,
		setParameters(),
		itemsFor(ids, () => ({ companies: [8, 9] })),
	);

	expect(failedIndexes(result.items)).toEqual([2]);
	expect(result.items[2].json.error).toBe(`Contact ${MISSING_CONTACT} does not exist in Bitrix24`);
	for (const index of [0, 1, 3, 4]) {
		expect(result.items[index].json).toMatchObject({ contactId: ids[index], updated: true });
		expect(result.items[index].json.companies).toHaveLength(2);
	}
});

describe('input the node refuses before sending', () => {
	const badItems = () => [
		...itemsFor(portal.contacts.slice(0, 3), () => ({ companies: [8] })),
		{ contactId: 'not a number', companies: [8] },
	];

	it('without continue-on-fail, stops the run before any request, so nothing changes', async () => {
		const result = await run(portal.sandbox, setParameters(), badItems(), {
			continueOnFail: false,
		});

		expect(result.error?.message).toMatch(/^Invalid Contact ID in item 3/);
		expect(await restLog(portal.sandbox)).toEqual([]);
	});

	it('with continue-on-fail, sends the good items and returns an error item for the bad one', async () => {
		const result = await run(portal.sandbox, setParameters(), badItems());

		expect(result.items.map(pairedIndex)).toEqual([0, 1, 2, 3]);
		expect(failedIndexes(result.items)).toEqual([3]);
		expect(result.items[3].json.error).toMatch(/^Invalid Contact ID in item 3/);
		expect(commandsPerRequest(await restLog(portal.sandbox))).toEqual([6]);
	});
});
