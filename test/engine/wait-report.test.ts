/**
 * Where the time went: a run that Bitrix24's limits held back says how long, for which limit and
 * which method, in n8n's log and as an execution hint, and points a Set that waited for its own
 * method to Skip Unchanged when most items changed nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { getParameters, itemsFor, run, seedContacts, setParameters } from './fixtures';

let sandbox: Sandbox;
let contacts: number[];

beforeEach(async () => {
	sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, rate: { enabled: false } });
	contacts = await seedContacts(sandbox, 4);
});
afterEach(async () => await sandbox.close());

const reportLines = (logs: Array<{ message: string }>) =>
	logs.map((line) => line.message).filter((text) => text.includes('held this run back'));

function hintsOf(runData: IDataObject): string[] {
	const [task] = (Object.values(runData).find((runs) =>
		(runs as IDataObject[]).some(
			(entry) => entry.hints !== undefined && (entry.hints as unknown[]).length > 0,
		),
	) as IDataObject[]) ?? [{}];
	return ((task?.hints as Array<{ message: string }>) ?? []).map((hint) => hint.message);
}

it('says how long the request limit held the run back, in the log and as a hint', async () => {
	// One request a second and no burst: the four requests wait about 1, 2 and 3 s.
	const credentials = { rateLimitPlan: 'custom', requestsPerSecond: 1, burst: 1 };
	const result = await run(sandbox, getParameters({ batching: false }), itemsFor(contacts), {
		credentials,
	});

	const [line] = reportLines(result.logs);
	expect(line).toMatch(
		/^Bitrix24: Bitrix24's limits held this run back [234] s in all: [234] s for the portal's request limit\.$/,
	);
	expect(hintsOf(result.runData as unknown as IDataObject)).toEqual([
		line.replace(/^Bitrix24: /, ''),
	]);
});

it("points a Set held back by items.set's operating time to Skip Unchanged", async () => {
	// 40 ms of items.set in any 3 s, each call 30 ms: the third item waits for the next window.
	await sandbox.control.setLimits({
		operating: { enabled: true, limitMs: 40, windowMs: 3_000, buckets: 3 },
		serverTime: { enabled: true, defaultMs: 0, byMethod: { 'crm.contact.company.items.set': 30 } },
	});
	const credentials = {
		rateLimitPlan: 'custom',
		requestsPerSecond: 50,
		burst: 50,
		operatingLimitSeconds: 0.04,
		operatingWindowSeconds: 3,
	};
	const items = itemsFor(contacts, () => ({ companies: [8] }));
	const options = { batching: false, requestsInFlight: 1 };
	const result = await run(sandbox, setParameters(options), items, {
		credentials,
	});

	expect(result.items.every((item) => item.json.error === undefined)).toBe(true);
	const [line] = reportLines(result.logs);
	expect(line).toMatch(
		/for the operating-time limit of crm\.contact\.company\.items\.set\. If most records are already right, Skip Unchanged \(Options\) changes only the ones that differ/,
	);
});

it('says nothing when no limit held the run back', async () => {
	const result = await run(sandbox, getParameters({ batching: false }), itemsFor(contacts));
	expect(reportLines(result.logs)).toEqual([]);
});
