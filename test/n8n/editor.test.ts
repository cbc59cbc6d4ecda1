/**
 * The node in n8n's editor, in headless Chromium: signed in as the owner, an example workflow's
 * Bitrix24 node shows its resource, operations and parameters; the webhook credential's secret
 * stays masked. Screenshots are kept in test-results/n8n-editor/ for a human look.
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from './browser';
import { CREDENTIALS } from './credentials';
import { ARTIFACTS_DIR, COMMAND_TIMEOUT_MS, SETUP_TIMEOUT_MS, setUpN8n, type E2eN8n } from './e2e-fixture';
import { ensureBrowser } from './ensure-browser';
import { DEFAULT_OWNER } from './owner';
import { N8N_MAJOR, N8N_VERSION, TESTED_RUNTIMES } from './runtime';
import { BITRIX24_NODE_NAME, bitrix24Node, exampleWorkflow, type Example } from './workflows';

/** test-results/n8n-editor/ for the n8n `npm start` runs; another tested version gets a folder of its own. */
const SCREENSHOTS = join(ARTIFACTS_DIR, N8N_VERSION === TESTED_RUNTIMES[0].n8n ? 'n8n-editor' : `n8n-editor-${N8N_VERSION}`);
/** The editor is a large single-page app; on a busy 2-core machine it takes a while to render. */
const UI_TIMEOUT_MS = 60_000;

let n8n: E2eN8n;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
	await ensureBrowser();
	mkdirSync(SCREENSHOTS, { recursive: true });
	n8n = await setUpN8n();
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
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: BITRIX24_NODE_NAME }).dblclick();
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
	return await page.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
}

it(
	'shows the Get example: credential, resource, operation and contact',
	async () => {
		await openBitrix24Node('get');
		const values = await shownValues();
		expect(values).toEqual(
			expect.arrayContaining([CREDENTIALS.webhook.name, 'Contact Company', 'Get', '54']),
		);
		expect(missingLabels(await visibleLines(), [CREDENTIAL_LABEL, 'Resource', 'Operation', 'Contact'])).toEqual([]);
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
		expect(options).toEqual(expect.arrayContaining(['Get', 'Set', 'Clear', 'Add', 'Remove', 'Get Fields']));
		await page.screenshot({ path: join(SCREENSHOTS, 'operations.png') });
		await page.keyboard.press('Escape');
	},
	COMMAND_TIMEOUT_MS,
);

it(
	'shows the Set example with its three companies',
	async () => {
		await openBitrix24Node('set');
		const values = await shownValues();
		expect(values).toEqual(
			expect.arrayContaining(['Set', '82', 'Using Fields Below', '8', '9', '10', '100', '200', '400']),
		);
		expect(missingLabels(await visibleLines(), ['Companies Input', 'Companies', 'Primary', 'Sort', 'Add Company'])).toEqual([]);
		await page.screenshot({ path: join(SCREENSHOTS, 'set-node.png'), fullPage: true });
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
		expect(missingLabels(await visibleLines(), [CREDENTIALS.webhook.name, 'Webhook URL *'])).toEqual([]);
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
