/**
 * The Bitrix24 Trigger in a real n8n, in an active workflow (the `npm start` example: trigger →
 * Remove Duplicates by change ID → Edit Fields) polling the sandbox every minute:
 * - activation remembers the portal and runs nothing;
 * - Set, Add, Remove and Clear (the methods the Bitrix24 node sends), crm.contact.update with
 *   COMPANY_IDS and a binding from the company side, made between two polls, give one execution
 *   with exactly one item each, with the right added, removed and primary;
 * - stop n8n, change a contact, start n8n: the activation emits that change once, and the next
 *   poll emits nothing.
 * About four minutes, two of them waiting for n8n's minute polls.
 */
import { parse } from 'flatted';

import { callsIn } from '../sandbox/log-readers';
import { hook } from '../sandbox/test-helpers';
import { COMMAND_TIMEOUT_MS, SETUP_TIMEOUT_MS, setUpN8n, type E2eN8n } from './e2e-fixture';
import { N8N_MAJOR } from './runtime';
import { exampleWorkflow } from './workflows';

const workflow = exampleWorkflow('trigger', 'webhook');
const POLL_WAIT_MS = 150_000;
let n8n: E2eN8n;

beforeAll(async () => {
	n8n = await setUpN8n();
	// Active when n8n starts: `publish:workflow` on n8n 2, `update:workflow --active` on n8n 1.
	await n8n.cli.runOrThrow(
		N8N_MAJOR >= 2
			? ['publish:workflow', `--id=${workflow.id}`]
			: ['update:workflow', `--id=${workflow.id}`, '--active=true'],
	);
}, SETUP_TIMEOUT_MS);

afterAll(async () => await n8n?.close());

async function call(method: string, params: unknown): Promise<void> {
	const reply = await hook(n8n.sandbox, method, params);
	if (reply.status !== 200) throw new Error(`${method}: ${reply.status} ${reply.text}`);
}

type Item = Record<string, unknown>;

/** The executions of the example, oldest first, with what its last node put out. */
async function executions(url: string, cookie: string): Promise<Item[][]> {
	const get = async (path: string) =>
		(await (await fetch(`${url}${path}`, { headers: { cookie } })).json()) as {
			data: { results?: Array<{ id: string }>; data?: string };
		};
	const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
	const list = (await get(`/rest/executions?filter=${filter}`)).data.results ?? [];
	const outputs: Item[][] = [];
	for (const { id } of [...list].sort((a, b) => Number(a.id) - Number(b.id))) {
		const run = parse(String((await get(`/rest/executions/${id}`)).data.data)) as {
			resultData: {
				runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Item }>> } }>>;
			};
		};
		const task = run.resultData.runData['Describe Change']?.[0];
		outputs.push((task?.data?.main[0] ?? []).map((item) => item.json));
	}
	return outputs;
}

async function waitFor<T>(what: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	const until = Date.now() + POLL_WAIT_MS;
	for (;;) {
		const value = await what();
		if (done(value) || Date.now() > until) return value;
		await new Promise((resolve) => setTimeout(resolve, 2_000));
	}
}

/** The sandbox's crm.item.list calls so far: one per poll of the demo portal's contacts. */
async function listCalls(): Promise<number> {
	const calls = callsIn(await n8n.sandbox.control.getLog());
	return calls.filter((call) => call.method === 'crm.item.list').length;
}

it(
	'emits each change once, with the right added, removed and primary, across a restart',
	async () => {
		let { server, cookie } = await n8n.startServer();
		// The activation's poll has read the contacts and remembered them.
		expect(await waitFor(listCalls, (count) => count >= 1)).toBeGreaterThanOrEqual(1);
		expect(await executions(server.url, cookie)).toEqual([]);

		await call('crm.contact.company.items.set', {
			id: 82,
			items: [{ COMPANY_ID: 8, IS_PRIMARY: 'Y' }, { COMPANY_ID: 9 }],
		});
		await call('crm.contact.company.add', { id: 84, fields: { COMPANY_ID: 10 } });
		await call('crm.contact.company.delete', { id: 85, fields: { COMPANY_ID: 12 } });
		await call('crm.contact.company.items.delete', { id: 54 });
		await call('crm.contact.update', { id: 86, fields: { COMPANY_IDS: [14, 15] } });
		await call('crm.company.contact.add', { id: 16, fields: { CONTACT_ID: 83 } });

		const first = await waitFor(
			async () => await executions(server.url, cookie),
			(runs) => runs.length >= 1,
		);
		expect(first).toHaveLength(1);
		expect(first[0].map((item) => item.message)).toEqual([
			'Contact 54 (changed): added none, removed 7, 8, 9, primary 7 → none',
			'Contact 82 (changed): added 8, 9, removed none, primary none → 8',
			'Contact 83 (changed): added 16, removed none, primary 11 → 16',
			'Contact 84 (changed): added 10, removed none, primary none → 10',
			'Contact 85 (changed): added none, removed 12, primary 13 → 13',
			'Contact 86 (changed): added 14, 15, removed none, primary none → 14',
		]);

		await server.stop();
		await call('crm.contact.company.add', { id: 87, fields: { COMPANY_ID: 11 } });
		({ server, cookie } = await n8n.startServer());
		const afterRestart = await waitFor(
			async () => await executions(server.url, cookie),
			(runs) => runs.length >= 2,
		);
		expect(afterRestart).toHaveLength(2);
		expect(afterRestart[1].map((item) => item.message)).toEqual([
			'Contact 87 (changed): added 11, removed none, primary none → 11',
		]);

		// The next minute's poll reads everything again and finds nothing new.
		const polls = await listCalls();
		await waitFor(listCalls, (count) => count > polls);
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		expect(await executions(server.url, cookie)).toHaveLength(2);
		await server.stop();
	},
	3 * COMMAND_TIMEOUT_MS + 3 * POLL_WAIT_MS,
);
