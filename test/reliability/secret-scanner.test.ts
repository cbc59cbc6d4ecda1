/**
 * The scanner the other reliability suites rely on finds what it must: the webhook secret, the
 * client secret, and access and refresh tokens issued at any time (also after a refresh), in
 * outputs, errors and log lines. A scanner that found nothing here would make "0 secrets shown"
 * meaningless.
 */
import type { RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import { SecretScanner } from './secret-scanner';
import { reliabilitySandbox } from './support';

describe('secret scanner', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await reliabilitySandbox();
	});

	afterAll(async () => sandbox?.close());

	const fakeRun = (text: string): RunNodeResult => ({
		items: [{ json: { ok: true }, pairedItem: { item: 0 } }],
		error: Object.assign(new Error('failed'), { description: `see ${text}` }) as never,
		runData: {},
		logs: [{ level: 'debug', message: 'line', meta: { url: text } }],
	});

	it('finds each kind of secret wherever a run shows it, and counts what it scanned', async () => {
		const scanner = new SecretScanner().watch(sandbox);
		const token = await sandbox.control.issueToken();
		scanner.record('output', { url: sandbox.webhookUrl });
		scanner.record('error', `client_secret=${sandbox.oauth.clientSecret}`);
		scanner.recordRun('run', fakeRun(`Bearer ${token.access_token}`));
		scanner.record('log', { nested: [{ refresh: token.refresh_token }] });
		scanner.record('clean', 'nothing to see');
		const leaks = await scanner.flush();
		expect(leaks.map((leak) => `${leak.where}: ${leak.kind}`).sort()).toEqual(
			[
				'error: client secret',
				'log: refresh token',
				'output: webhook secret',
				'run: error: access token',
				'run: error description: access token',
				'run: log line: access token',
			].sort(),
		);
		expect(scanner.counts.texts).toBe(10);
		expect(scanner.counts.logLines).toBe(1);
	});

	it('knows tokens issued after it started watching, and after the sandbox is gone from its watch', async () => {
		const scanner = new SecretScanner().watch(sandbox);
		await scanner.flush();
		const later = await sandbox.control.issueToken();
		scanner.record('late', later.access_token);
		expect(await scanner.flush()).toHaveLength(1);
		scanner.unwatch(sandbox);
		// finish() scans what is left against every secret seen, also those of unwatched sandboxes.
		scanner.record('after', later.refresh_token);
		expect((await scanner.finish()).map((leak) => leak.kind)).toEqual(['refresh token']);
	});
});
