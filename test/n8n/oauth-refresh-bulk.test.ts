/**
 * One OAuth2 refresh per token expiry in a real n8n, as a user meets it: a Set of 120 items
 * (several batch requests in flight at once) whose access token has expired. Bitrix24 rotates
 * refresh tokens, so a second refresh with the same refresh token would be refused with
 * `invalid_grant`; requests in flight with the expired token would each get 401 and each make n8n
 * refresh (n8n 2.41.1 folds the refreshes of one process into one, but every batch in flight still
 * met the 401: four of them here). The node lets one request go alone around the expiry the token
 * announces (`expires`), so only that one meets it.
 */
import { join } from 'path';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import {
	COMMAND_TIMEOUT_MS,
	bitrix24Output,
	expectSuccess,
	SETUP_TIMEOUT_MS,
	setUpN8n,
	type E2eN8n,
} from './e2e-fixture';
import { CREDENTIALS, writeCredentialsFile } from './credentials';
import { bitrix24Node, exampleWorkflow, type Workflow } from './workflows';

const ITEMS = 120;
const FIRST_CONTACT = 5000;
const CONTACT_IDS = Array.from({ length: ITEMS }, (_, index) => FIRST_CONTACT + index);

/**
 * Manual Trigger → Edit Fields (one item holding the list) → Split Out (120 items) → Bitrix24 Set
 * with the OAuth2 credential, the contact and its companies taken from each item.
 */
function bulkSetWorkflow(): Workflow {
	const base = exampleWorkflow('set', 'oAuth2');
	const trigger = base.nodes.find((node) => node !== bitrix24Node(base))!;
	const bitrix24 = bitrix24Node(base);
	const contacts = CONTACT_IDS.map((contactId) => ({
		contactId,
		companies: [{ COMPANY_ID: 8, IS_PRIMARY: 'Y' }, 9],
	}));
	return {
		...base,
		id: 'Bx24E2eBulkSet01',
		name: 'E2E: Set 120 contacts (OAuth2)',
		nodes: [
			trigger,
			{
				id: '0b1c2d3e-00e2-4000-8000-000000000010',
				name: 'Contacts',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ contacts }) },
			},
			{
				id: '0b1c2d3e-00e2-4000-8000-000000000011',
				name: 'One item per contact',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'contacts' },
			},
			{
				...bitrix24,
				position: [600, 0],
				parameters: {
					authentication: 'oAuth2',
					resource: 'contactCompany',
					operation: 'set',
					contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
					companiesInput: 'json',
					companiesJson: '={{ $json.companies }}',
				},
			},
		],
		connections: {
			[trigger.name]: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'One item per contact', type: 'main', index: 0 }]] },
			'One item per contact': { main: [[{ node: bitrix24.name, type: 'main', index: 0 }]] },
		},
	};
}

const workflow = bulkSetWorkflow();
let n8n: E2eN8n;

beforeAll(async () => {
	n8n = await setUpN8n([workflow]);
	await n8n.sandbox.control.seed({
		contacts: CONTACT_IDS.map((ID) => ({ ID, NAME: `Contact ${ID}` })),
	});
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.close();
});

/** The token expires now, for the portal and in the credential n8n holds (`expires`, as Bitrix24 sends it). */
async function expireStoredToken(): Promise<void> {
	await n8n.sandbox.control.expireAccessTokens();
	const [stored] = (await n8n.cli.exportCredentials()).filter(
		(entry) => entry.id === CREDENTIALS.oAuth2.id,
	);
	const oauthTokenData = {
		...(stored.data.oauthTokenData as Record<string, unknown>),
		expires: Math.floor(Date.now() / 1000),
	};
	const dir = mkdtempSync(join(tmpdir(), 'n8n-expired-'));
	try {
		const file = join(dir, 'credentials.json');
		writeCredentialsFile(file, [
			{
				id: stored.id,
				name: stored.name,
				type: stored.type,
				data: { ...stored.data, oauthTokenData },
			},
		]);
		await n8n.cli.importCredentials(file);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

it(
	'refreshes the expired token once for a Set of 120 items, and every item is done',
	async () => {
		await expireStoredToken();
		await n8n.sandbox.control.clearLog();
		const before = (await n8n.sandbox.control.getTokens()).refreshCount;

		const result = await n8n.cli.execute(workflow.id);

		expectSuccess(result);
		const output = bitrix24Output(result);
		expect(output.map((item) => [item.contactId, item.updated])).toEqual(
			CONTACT_IDS.map((id) => [id, true]),
		);
		const log = await n8n.sandbox.control.getLog();
		const grants = log.filter((entry) => entry.path.startsWith('/oauth/token'));
		expect(grants.map((entry) => [entry.status, entry.error ?? null])).toEqual([[200, null]]);
		expect((await n8n.sandbox.control.getTokens()).refreshCount - before).toBe(1);
		// Only the request that went alone met the expired token.
		expect(log.filter((entry) => entry.error === 'expired_token')).toHaveLength(1);
		const state = await n8n.sandbox.control.getState();
		for (const id of CONTACT_IDS)
			expect(state.bindings[String(id)]?.map((b) => b.COMPANY_ID)).toEqual([8, 9]);
	},
	2 * COMMAND_TIMEOUT_MS,
);
