/**
 * The node in n8n's editor, in headless Chromium: signed in as the owner, an example workflow's
 * Bitrix24 node shows its resource, operations and parameters; "Execute workflow" runs it as a
 * person would and the node's output panel shows the bindings; the webhook credential's secret
 * stays masked. Screenshots are kept in test-results/n8n-editor/ for a human look.
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from './browser';
import { CREDENTIALS } from './credentials';
import {
	ARTIFACTS_DIR,
	COMMAND_TIMEOUT_MS,
	SETUP_TIMEOUT_MS,
	setUpN8n,
	type E2eN8n,
} from './e2e-fixture';
import { ensureBrowser } from './ensure-browser';
import { DEFAULT_OWNER } from './owner';
import { N8N_MAJOR, N8N_VERSION, TESTED_RUNTIMES } from './runtime';
import {
	BITRIX24_NODE_NAME,
	bitrix24Node,
	exampleWorkflow,
	type Example,
	type Workflow,
} from './workflows';

/** test-results/n8n-editor/ for the n8n `npm start` runs; another tested version gets a folder of its own. */
const SCREENSHOTS = join(
	ARTIFACTS_DIR,
	N8N_VERSION === TESTED_RUNTIMES[0].n8n ? 'n8n-editor' : `n8n-editor-${N8N_VERSION}`,
);
/** The editor is a large single-page app; on a busy 2-core machine it takes a while to render. */
const UI_TIMEOUT_MS = 60_000;

/**
 * The README's "ensure these companies are linked" recipe as a workflow: Add, a JSON list of
 * companies, primary off, for contact 82 (no companies in the demo seed).
 */
function ensureLinkedWorkflow(): Workflow {
	const workflow = exampleWorkflow('get', 'webhook');
	const node = bitrix24Node(workflow);
	node.parameters = {
		authentication: 'webhook',
		resource: 'contactCompany',
		operation: 'add',
		contactId: { __rl: true, mode: 'id', value: '82' },
		companiesInput: 'json',
		companiesJson: '[8, 9, 10]',
	};
	return {
		...workflow,
		id: 'Bx24EnsureLinked',
		name: 'Ensure contact 82 is linked to companies 8, 9 and 10',
	};
}
const ENSURE_LINKED = ensureLinkedWorkflow();

let n8n: E2eN8n;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
	await ensureBrowser();
	mkdirSync(SCREENSHOTS, { recursive: true });
	n8n = await setUpN8n([ENSURE_LINKED]);
	baseUrl = (await n8n.startServer()).server.url;
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
	page.setDefaultTimeout(UI_TIMEOUT_MS);
	await signIn(page, baseUrl, DEFAULT_OWNER);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await n8n?.close();
});

/** The label above the credential picker. */
const CREDENTIAL_LABEL = N8N_MAJOR >= 2 ? 'Credential' : 'Credential to connect with';

/**
 * Opens a node's parameter panel: n8n 2.x from the node's own URL (a double-click on its canvas
 * is intercepted by the pane); n8n 1.x has no such URL, and opens the panel on a double-click.
 */
async function openBitrix24Node(example: Example): Promise<void> {
	const workflow = exampleWorkflow(example, 'webhook');
	if (N8N_MAJOR >= 2) {
		await page.goto(`${baseUrl}/workflow/${workflow.id}/${bitrix24Node(workflow).id}`);
	} else {
		await page.goto(`${baseUrl}/workflow/${workflow.id}`);
		await page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: BITRIX24_NODE_NAME })
			.dblclick();
	}
	await page.getByText('Operation', { exact: true }).waitFor();
}

/** The text on screen, line by line (innerText leaves out what is hidden). */
async function visibleLines(): Promise<string[]> {
	return (await page.locator('body').innerText()).split('\n').map((line) => line.trim());
}

/** The labels not on screen, with what is, so a failure shows what the editor rendered instead. */
function missingLabels(lines: string[], labels: string[]): string[] {
	const missing = labels.filter((label) => !lines.includes(label));
	return missing.length ? [...missing, `(on screen: ${lines.filter(Boolean).join(' | ')})`] : [];
}

/** What the parameter panel shows in its inputs (selects show their choice in a read-only input). */
async function shownValues(): Promise<string[]> {
	return await page
		.locator('input')
		.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
}

/**
 * The inputs once they show every expected value, or as they are when the UI timeout runs out: a
 * busy machine renders a fixed collection's rows a while after the panel itself.
 */
async function shownValuesWhenRendered(expected: string[]): Promise<string[]> {
	const deadline = Date.now() + UI_TIMEOUT_MS;
	let values = await shownValues();
	while (!expected.every((value) => values.includes(value)) && Date.now() < deadline) {
		await page.waitForTimeout(250);
		values = await shownValues();
	}
	return values;
}

it(
	'shows the Get example: credential, resource, operation and contact',
	async () => {
		await openBitrix24Node('get');
		const expected = [CREDENTIALS.webhook.name, 'Contact Company', 'Get', '54'];
		expect(await shownValuesWhenRendered(expected)).toEqual(expect.arrayContaining(expected));
		expect(
			missingLabels(await visibleLines(), [CREDENTIAL_LABEL, 'Resource', 'Operation', 'Contact']),
		).toEqual([]);
		// The node's own icon, not n8n's grey "?" for a node whose icon failed to load.
		const icons = await page.locator('img[src*="bitrix24"]').count();
		expect(icons).toBeGreaterThan(0);
		await page.screenshot({ path: join(SCREENSHOTS, 'get-node.png') });
	},
	COMMAND_TIMEOUT_MS,
);

it(
	'lists every operation of the resource',
	async () => {
		await openBitrix24Node('get');
		await page.locator('[data-test-id="parameter-input-operation"]').click();
		const dropdown = page.locator('.el-select-dropdown:visible, [role="listbox"]:visible').last();
		await dropdown.waitFor();
		const options = (await dropdown.innerText()).split('\n').map((line) => line.trim());
		// Let the dropdown's fade-in finish, so the screenshot shows it.
		await page.waitForTimeout(500);
		expect(options).toEqual(
			expect.arrayContaining(['Get', 'Set', 'Clear', 'Add', 'Remove', 'Get Fields']),
		);
		await page.screenshot({ path: join(SCREENSHOTS, 'operations.png') });
		await page.keyboard.press('Escape');
	},
	COMMAND_TIMEOUT_MS,
);

it(
	'shows the Set example with its three companies',
	async () => {
		await openBitrix24Node('set');
		const expected = ['Set', '82', 'Using Fields Below', '8', '9', '10', '100', '200', '400'];
		expect(await shownValuesWhenRendered(expected)).toEqual(expect.arrayContaining(expected));
		expect(
			missingLabels(await visibleLines(), [
				'Companies Input',
				'Companies',
				'Primary',
				'Sort',
				'Add Company',
			]),
		).toEqual([]);
		await page.screenshot({ path: join(SCREENSHOTS, 'set-node.png'), fullPage: true });
	},
	COMMAND_TIMEOUT_MS,
);

/** Clicks "Execute workflow" on the open workflow and waits for n8n's success message. */
async function executeWorkflow(): Promise<void> {
	const succeeded = page.getByText('Workflow executed successfully');
	// A message left from an earlier run would pass for this one's; n8n closes it after a few seconds.
	await succeeded.first().waitFor({ state: 'hidden' });
	const execute = page.locator('[data-test-id="execute-workflow-button"]');
	await execute.waitFor();
	await execute.click();
	await succeeded.first().waitFor();
}

/**
 * Opens the Bitrix24 node from the canvas and returns the text of its output's JSON view, once it
 * shows `expected`. The view renders only the lines in sight, so the text is searched, not parsed.
 */
async function outputText(workflow: Workflow, expected: string): Promise<string> {
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${bitrix24Node(workflow).name}"]`)
		.dblclick();
	const output = page.locator('[data-test-id="output-panel"]');
	await output.waitFor();
	await output
		.locator('[data-test-id="ndv-run-data-display-mode"]')
		.getByText('JSON', { exact: true })
		.click();
	await output.getByText(expected).first().waitFor();
	// The view indents with no-break spaces.
	return (await output.innerText()).replace(/\u00a0/g, ' ');
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

it(
	'runs the Get example with "Execute workflow", and the node\'s output panel shows the bindings',
	async () => {
		const workflow = exampleWorkflow('get', 'webhook');
		await page.goto(`${baseUrl}/workflow/${workflow.id}`);
		await n8n.sandbox.control.clearLog();
		await executeWorkflow();
		// The run reached the portal through the node: one items.get for contact 54.
		const calls = (await n8n.sandbox.control.getLog()).filter((entry) => entry.method !== null);
		expect(calls.map((entry) => [entry.method, entry.params.id])).toEqual([
			['crm.contact.company.items.get', 54],
		]);

		await page
			.locator(`[data-test-id="canvas-node"][data-node-name="${bitrix24Node(workflow).name}"]`)
			.dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.waitFor();
		await output.getByText('3 items').first().waitFor();
		const shown = await output.innerText();
		// The table view: a column per field, a row per bound company (the items.get doc example).
		for (const header of ['contactId', 'companyId', 'isPrimary', 'sort', 'roleId'])
			expect([header, shown.includes(header)]).toEqual([header, true]);
		const rows = shown
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => /^54\s/.test(line));
		expect(rows.map((line) => line.split(/\s+/))).toEqual([
			['54', '7', 'true', '100', '0'],
			['54', '8', 'false', '110', '0'],
			['54', '9', 'false', '120', '0'],
		]);
		await page.screenshot({ path: join(SCREENSHOTS, 'get-executed-output.png') });
		await page.keyboard.press('Escape');
	},
	COMMAND_TIMEOUT_MS,
);

it(
	'runs the ensure-linked recipe twice from the editor: the second run changes nothing',
	async () => {
		await n8n.sandbox.control.seed({ bindings: { 82: [] } });
		await page.goto(`${baseUrl}/workflow/${ENSURE_LINKED.id}`);
		await executeWorkflow();
		// Each of the three companies was added.
		const first = await outputText(ENSURE_LINKED, '"added": true');
		expect(count(first, /"added":\s*true/g)).toBe(3);
		expect(count(first, /"alreadyBound":\s*true/g)).toBe(0);
		await page.screenshot({ path: join(SCREENSHOTS, 'ensure-linked-first-run.png') });
		const linked = (await n8n.sandbox.control.getState()).bindings['82'];
		expect(linked?.map((b) => [b.COMPANY_ID, b.IS_PRIMARY])).toEqual([
			[8, 'Y'],
			[9, 'N'],
			[10, 'N'],
		]);

		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="output-panel"]').waitFor({ state: 'hidden' });
		await executeWorkflow();
		// The second run found each of them bound already, and changed nothing.
		const second = await outputText(ENSURE_LINKED, '"alreadyBound": true');
		expect(count(second, /"alreadyBound":\s*true/g)).toBe(3);
		expect(count(second, /"added":\s*true/g)).toBe(0);
		expect((await n8n.sandbox.control.getState()).bindings['82']).toEqual(linked);
		await page.screenshot({ path: join(SCREENSHOTS, 'ensure-linked-second-run.png') });
		await page.keyboard.press('Escape');
	},
	COMMAND_TIMEOUT_MS,
);

it(
	'masks the webhook secret in the credential, and never sends it to the browser',
	async () => {
		const answers: string[] = [];
		const collect = async (response: import('playwright-core').Response) => {
			if (response.url().includes('/rest/')) answers.push(await response.text().catch(() => ''));
		};
		page.on('response', collect);
		await page.goto(`${baseUrl}/home/credentials/${CREDENTIALS.webhook.id}`);
		const field = page.locator('input[type="password"]').first();
		await field.waitFor();
		expect(
			missingLabels(await visibleLines(), [CREDENTIALS.webhook.name, 'Webhook URL *']),
		).toEqual([]);
		page.off('response', collect);

		const secret = n8n.sandbox.webhookSecret;
		expect(await field.inputValue()).not.toContain(secret);
		expect(await page.content()).not.toContain(secret);
		expect((await shownValues()).filter((value) => value.includes(secret))).toEqual([]);
		expect(answers.length).toBeGreaterThan(0);
		expect(answers.filter((text) => text.includes(secret))).toEqual([]);
		await page.screenshot({ path: join(SCREENSHOTS, 'webhook-credential.png') });
	},
	COMMAND_TIMEOUT_MS,
);

it(
	"shows the OAuth2 credential's fields in the order a person fills them in",
	async () => {
		await page.goto(`${baseUrl}/home/credentials/${CREDENTIALS.oAuth2.id}`);
		const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
		await dialog.getByText('Portal URL', { exact: false }).first().waitFor();
		const lines = (await dialog.innerText())
			.split('\n')
			.map((line) => line.replace(/ \*$/, '').trim());
		const at = (text: string) => lines.findIndex((line) => line.startsWith(text));
		// n8n puts the fields of oAuth2Api first (Client ID, Client Secret, its own Allowed HTTP
		// Request Domains); this credential's own follow, Portal URL first.
		const order = [
			'Client ID',
			'Client Secret',
			'Portal URL',
			'Authorization Server',
			"In Bitrix24, the local application's handler path",
			'Bitrix24 Plan Limits',
		].map((text) => [text, at(text)] as const);
		expect(order.filter(([, index]) => index < 0)).toEqual([]);
		expect(order.map(([text]) => text)).toEqual(
			[...order].sort((a, b) => a[1] - b[1]).map(([text]) => text),
		);
		const between = lines
			.slice(at('Client Secret') + 1, at('Portal URL'))
			.filter(
				(line) => !['', 'Fixed', 'Expression', 'Allowed HTTP Request Domains'].includes(line),
			);
		expect(between).toEqual([]);
		await page.screenshot({ path: join(SCREENSHOTS, 'oauth2-credential.png') });
	},
	COMMAND_TIMEOUT_MS,
);
