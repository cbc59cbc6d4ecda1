/**
 * `npm run sandbox` (cli.ts prints the connection details and a SANDBOX_READY line, stops
 * cleanly on SIGTERM). The sandbox it starts answers the documented webhook call
 * (b24restdocs api-reference/crm/contacts/company/crm-contact-company-items-get.md).
 */
import { spawn } from 'child_process';
import { join } from 'path';
import { call } from './test-helpers';

test('cli: starts with fixed secret and client, prints SANDBOX_READY, serves, stops on SIGTERM', async () => {
	const child = spawn(
		process.execPath,
		[
			'-r',
			'ts-node/register/transpile-only',
			join(__dirname, 'cli.ts'),
			'--port',
			'0',
			'--secret',
			'fixedsecret',
			'--client-id',
			'local.fixed',
		],
		{
			env: { ...process.env, SANDBOX_CLIENT_SECRET: 'fixed-client-secret' },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	try {
		const ready = await new Promise<Record<string, string>>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d: Buffer) => {
				out += d.toString();
				const line = out.split('\n').find((l) => l.startsWith('SANDBOX_READY '));
				if (line) resolve(JSON.parse(line.slice('SANDBOX_READY '.length)));
			});
			child.on('exit', (code) => reject(new Error(`cli exited early with ${code}: ${out}`)));
		});
		expect(ready.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/fixedsecret\/$/);
		expect(ready).toMatchObject({ clientId: 'local.fixed', clientSecret: 'fixed-client-secret' });
		for (const key of ['authorizeUrl', 'tokenUrl', 'controlUrl', 'restUrl'])
			expect(ready[key]).toMatch(/^http:\/\//);
		const r = await call(`${ready.webhookUrl}crm.contact.company.items.get`, { json: { id: 54 } });
		expect(r.body.result).toHaveLength(3);
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
	}
});
