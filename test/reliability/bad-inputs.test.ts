/**
 * Bad inputs, generated: IDs that are not IDs (0, -1, 1.5, "abc", huge, empty, null, objects and
 * lists from expressions, links to the wrong record type), Set lists that are malformed JSON, not
 * lists, with two primaries, a company twice or a bad sort, Add's sort and primary, random junk
 * from fast-check, webhook URLs that are malformed, http:// without the opt-in, of the wrong path
 * or carrying a query, and OAuth2 portal URLs that are not URLs.
 *
 * Item-level problems are put in one item among valid ones. Each case runs twice:
 * - without continue-on-fail: the node stops with a NodeOperationError naming the item and the
 *   field, and the sandbox saw no request at all (invalid input is refused before any request);
 * - with continue-on-fail: that item alone becomes an error item with the same message, paired
 *   with it; the valid items run.
 * Credential problems (resolved in transport/portal.ts): refused with a message that shows the
 * expected shape and not the secret, no request sent, and with continue-on-fail one error item per
 * input item. Nothing crashes the node: every failure is the node's own error, never a TypeError.
 */
import type { RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import { useScannedSandbox } from './scanned-sandbox';
import { SecretScanner } from './secret-scanner';
import { CREDENTIAL_TYPE, isErrorItem, run, storeFor } from './support';
import { type BadInput, cases } from './bad-input-cases';

const CASES = cases();
const figures = {
	inputsTried: CASES.length,
	itemLevel: 0,
	webhookUrls: 0,
	portalUrls: 0,
	runs: 0,
	requestsSeen: 0,
	crashes: 0,
};

describe('bad inputs are refused before any request, with the item and the field named', () => {
	let sandbox: Sandbox;
	const scanner = new SecretScanner();
	useScannedSandbox(
		{ name: 'badInputs', figures, scanner },
		(suiteSandbox) => (sandbox = suiteSandbox),
	);

	it('generates at least 500 bad inputs', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(500);
	});

	async function runCase(c: BadInput, continueOnFail: boolean): Promise<RunNodeResult> {
		const auth = c.auth;
		const parameters = { ...c.parameters, authentication: auth };
		const store = await storeFor(sandbox, auth, c.credential ? await c.credential(sandbox) : {});
		await sandbox.control.clearLog();
		const result = await run({ parameters, store, items: c.items, continueOnFail });
		scanner.recordRun(`${c.name} (${continueOnFail ? 'continue on fail' : 'stop'})`, result);
		figures.runs += 1;
		return result;
	}

	function expectOwnError(error: unknown): void {
		// The node's own error, not an exception escaping from it.
		const name = (error as { name?: string } | undefined)?.name;
		if (name !== 'NodeOperationError') figures.crashes += 1;
		expect(name).toBe('NodeOperationError');
	}

	it.each(CASES.map((c, index) => [`${index} ${c.operation}: ${c.name}`, c] as const))(
		'%s',
		async (_name, c) => {
			const stopped = await runCase(c, false);
			const stoppedLog = await sandbox.control.getLog();
			figures.requestsSeen += stoppedLog.length;
			// Not a single request, REST or OAuth.
			expect(stoppedLog).toEqual([]);
			expect(stopped.items).toEqual([]);
			expectOwnError(stopped.error);
			const message = String(stopped.error?.message);
			const description = String(stopped.error?.description ?? '');

			const resumed = await runCase(c, true);
			expect(resumed.error).toBeUndefined();
			expect(resumed.items).toHaveLength(c.items.length);
			resumed.items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));

			if (c.scope.kind === 'item') {
				figures.itemLevel += 1;
				const { index, field } = c.scope;
				expect(message).toMatch(new RegExp(`^Invalid ${field}( \\(JSON\\))? in item ${index}: `));
				expect(stopped.error?.context?.itemIndex).toBe(index);
				expect(description).not.toBe('');
				// With continue-on-fail only that item fails, with the same words; the others run.
				resumed.items.forEach((item, i) => {
					if (i === index) expect(item.json).toEqual({ error: message, description });
					else if (c.scope.kind === 'item' && c.scope.everyItem)
						expect(String(item.json.error)).toMatch(new RegExp(`^Invalid ${field} in item ${i}: `));
					else expect(isErrorItem(item)).toBe(false);
				});
				return;
			}

			// A credential that cannot be used: no request either way, one error item per item.
			expect(await sandbox.control.getLog()).toEqual([]);
			const secret = sandbox.webhookSecret;
			expect(`${message} ${description}`).not.toContain(secret);
			if (c.scope.kind === 'webhookUrl') {
				figures.webhookUrls += 1;
				expect(message).toMatch(/^Bitrix24 webhook credential: /);
				expect(message).toContain('https://YOUR-PORTAL.bitrix24.com/rest/USER_ID/SECRET/');
			} else {
				figures.portalUrls += 1;
				expect(message).toMatch(/^Bitrix24 OAuth2 credential: /);
				expect(message).toContain('https://your-portal.bitrix24.com');
				expect(message).toMatch(/connect the credential again/);
			}
			resumed.items.forEach((item) => expect(item.json.error).toBe(message));
			expect(CREDENTIAL_TYPE[c.auth]).toBeDefined();
		},
	);
});
