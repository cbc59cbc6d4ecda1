/**
 * A workflow that fails in a real n8n (a contact that does not exist): the stored execution says
 * what went wrong and what to do, and no secret — webhook secret, OAuth client secret, access or
 * refresh token — appears in the stored execution, n8n's database files or n8n's log.
 */
import type { AuthKind } from './credentials';
import {
	COMMAND_TIMEOUT_MS,
	readUserFolderFiles,
	SETUP_TIMEOUT_MS,
	setUpN8n,
	type E2eN8n,
} from './e2e-fixture';
import { findLeaks, sandboxSecrets } from './leak-check';
import type { ExecuteResult } from './n8n-cli';
import { bitrix24Node, exampleWorkflow, type Workflow } from './workflows';

const MISSING_CONTACT = '999999';

/** The Get example pointed at a contact the portal does not have. */
function failingWorkflow(auth: AuthKind): Workflow {
	const workflow = exampleWorkflow('get', auth);
	const node = bitrix24Node(workflow);
	node.parameters = {
		...node.parameters,
		contactId: { __rl: true, mode: 'id', value: MISSING_CONTACT },
	};
	return {
		...workflow,
		id: auth === 'webhook' ? 'Bx24E2eMissing01' : 'Bx24E2eMissing02',
		name: `E2E: missing contact (${auth})`,
	};
}

const failing = { webhook: failingWorkflow('webhook'), oAuth2: failingWorkflow('oAuth2') };
const runs: Partial<Record<AuthKind, ExecuteResult>> = {};
let n8n: E2eN8n;

beforeAll(async () => {
	n8n = await setUpN8n([failing.webhook, failing.oAuth2]);
	runs.webhook = await n8n.cli.execute(failing.webhook.id);
	// Expire the token first, so this run also carries a refresh (and so refresh tokens) through n8n.
	await n8n.sandbox.control.expireAccessTokens();
	runs.oAuth2 = await n8n.cli.execute(failing.oAuth2.id);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.close();
});

describe.each<AuthKind>(['webhook', 'oAuth2'])(
	'a failing workflow with the %s credential',
	(auth) => {
		it('fails in n8n with an error that names the contact and says what to do', () => {
			const run = runs[auth]!;
			expect(run.code).not.toBe(0);
			const error = run.run?.data.resultData.error;
			expect(error?.message).toMatch(MISSING_CONTACT);
			expect(error?.message).toMatch(/does not exist|not found/i);
			expect(`${error?.message} ${error?.description}`).toMatch(/check|pick/i);
		});
	},
);

it('refreshed the expired token during the failing OAuth2 run', async () => {
	expect((await n8n.sandbox.control.getTokens()).refreshCount).toBe(1);
});

it(
	'stores both failed executions with their error, and no secret anywhere in n8n',
	async () => {
		const { server, cookie } = await n8n.startServer();
		const get = async (path: string) => {
			const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
			expect(res.status).toBe(200);
			return await res.text();
		};

		// The executions as n8n stores them and shows them in the editor's Executions tab.
		const stored: Array<{ where: string; text: string }> = [];
		for (const workflow of [failing.webhook, failing.oAuth2]) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
			const list = JSON.parse(await get(`/rest/executions?filter=${filter}`)) as {
				data: { results: Array<{ id: string; status: string }> };
			};
			expect(list.data.results).toHaveLength(1);
			const [execution] = list.data.results;
			expect(execution.status).toBe('error');
			const text = await get(`/rest/executions/${execution.id}`);
			expect(text).toContain(MISSING_CONTACT);
			expect(text).toMatch(/does not exist|not found/i);
			stored.push({ where: `stored execution of ${workflow.name}`, text });
		}
		await server.stop();

		const secrets = await sandboxSecrets(n8n.sandbox);
		expect(secrets.length).toBeGreaterThanOrEqual(5);
		const files = readUserFolderFiles(n8n.userFolder);
		// The search does see plain text inside the database and the log, so a miss means no leak.
		// (SQLite keeps recent writes in database.sqlite-wal until a checkpoint.)
		const database = files
			.filter((f) => f.file.startsWith('.n8n/database.sqlite'))
			.map((f) => f.content);
		expect(database.some((content) => content.includes(failing.webhook.id))).toBe(true);
		const log = files.find((f) => f.file === '.n8n/logs/n8n.log')?.content ?? '';
		expect(log.includes(MISSING_CONTACT)).toBe(true);
		const leaks = findLeaks(secrets, [
			...stored,
			// The SQLite database (with its WAL), n8n's log file and event log: every file n8n wrote.
			...files.map(({ file, content }) => ({ where: file, text: content })),
			// And everything n8n printed, from every CLI command and from the server.
			{ where: "n8n's CLI output", text: n8n.cli.transcript },
			{ where: "n8n's server output", text: server.output() },
		]);
		expect(leaks).toEqual([]);
	},
	2 * COMMAND_TIMEOUT_MS,
);
