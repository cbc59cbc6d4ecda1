/**
 * Server errors and broken answers (5xx, a gateway's HTML page, cut-off JSON, an empty body, a
 * dropped connection) are retried with backoff; the items then succeed as if nothing happened.
 */
import type { FaultSpec } from '../sandbox/types';
import type { Sandbox } from '../sandbox/server';
import { getParameters, itemsFor, pairedIndex, restLog, run, useSeededSandbox } from './fixtures';

let sandbox: Sandbox;
let contacts: number[];
const portal = useSeededSandbox(10);
beforeEach(() => ({ sandbox, contacts } = portal));

const faults: Array<[string, FaultSpec]> = [
	// A 5xx with a Bitrix24 code is the call's failure and is not retried (test/integration/real-portal.test.ts).
	[
		'500 without a Bitrix24 code',
		{ kind: 'status', status: 500, body: { error: '', error_description: '' } },
	],
	['502 HTML page from the gateway', { kind: 'html', status: 502 }],
	['504 HTML page from the gateway', { kind: 'html', status: 504 }],
	['cut-off JSON', { kind: 'truncated' }],
	['empty 503 answer', { kind: 'empty', status: 503 }],
	['dropped connection', { kind: 'drop' }],
];

describe.each([
	['a batch of 5 items', 5, 'batch'],
	['a lone call', 1, 'crm.contact.company.items.get'],
])('%s', (_name, count, method) => {
	it.each(faults)('retries after %s and succeeds', async (_fault, fault) => {
		await sandbox.control.injectFault({ match: { method }, count: 2, fault });
		const ids = contacts.slice(0, count);
		const result = await run(sandbox, getParameters({ retryDelayMs: 20 }), itemsFor(ids));

		expect(result.items.map(pairedIndex)).toEqual(ids.map((_, index) => index));
		expect(
			result.items.every(
				(item) => item.json.error === undefined && item.json.contactId !== undefined,
			),
		).toBe(true);
		const log = await restLog(sandbox);
		expect(log.map((entry) => entry.fault ?? 'answered')).toEqual([
			fault.kind,
			fault.kind,
			'answered',
		]);
		expect(log.every((entry) => entry.method === method)).toBe(true);
	});
});

it('does not retry a refusal that retrying cannot fix (OVERLOAD_LIMIT)', async () => {
	await sandbox.control.injectFault({
		match: { method: 'batch' },
		count: 5,
		fault: {
			kind: 'status',
			status: 503,
			body: { error: 'OVERLOAD_LIMIT', error_description: 'REST API is blocked due to overload' },
		},
	});
	const result = await run(
		sandbox,
		getParameters({ retryDelayMs: 20 }),
		itemsFor(contacts.slice(0, 3)),
	);

	expect(await restLog(sandbox)).toHaveLength(1);
	expect(result.items.map((item) => item.json.error)).toEqual(
		Array(3).fill('Bitrix24 has blocked the REST API of this portal for overload'),
	);
});

it('gives up on a lasting outage after Max Retries, naming the cause on every item', async () => {
	await sandbox.control.injectFault({
		match: { method: 'batch' },
		count: 10,
		fault: { kind: 'html', status: 502 },
	});
	const result = await run(
		sandbox,
		getParameters({ retryDelayMs: 20, maxRetries: 3 }),
		itemsFor(contacts.slice(0, 3)),
	);

	expect(await restLog(sandbox)).toHaveLength(4);
	for (const item of result.items) {
		// The item's own method is named, not the batch it travelled in.
		expect(item.json.error).toBe(
			'Bitrix24 sent an answer that is not JSON to crm.contact.company.items.get (HTTP 502)',
		);
		expect(item.json.description).toContain('Gave up after 3 retries (Max Retries is 3).');
	}
});
