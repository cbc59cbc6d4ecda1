/**
 * `batch`. Sources: b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch (request: cmd object or array of strings, halt,
 * 50 commands, nested batch, outer auth), settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch (response maps, `[]` for empty maps), _includes/system-errors.md, [server] Rest\OAuth\Auth scope.
 */
import { toPhpQuery } from './encoding';
import { call, hook, useSandbox } from './test-helpers';

const get = (id: number) => `crm.contact.company.items.get?id=${id}`;

describe('sandbox: batch', () => {
	const sandbox = useSandbox();

	test('cmd object: results by key, empty error map is [] (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)', async () => {
		const r = await hook(sandbox(), 'batch', { halt: 0, cmd: { a: get(54), b: get(82) } });
		expect(r.status).toBe(200);
		expect(Object.keys(r.body)).toEqual(['result', 'time']);
		const b = r.body.result;
		expect(b.result.a).toHaveLength(3);
		expect(b.result.b).toEqual([]);
		expect(b.result_error).toEqual([]);
		expect(b.result_total).toEqual([]);
		expect(b.result_next).toEqual([]);
		expect(Object.keys(b.result_time)).toEqual(['a', 'b']);
		expect(typeof b.result_time.a.start).toBe('number');
	});

	test('cmd array: numeric keys, a full map of them is a JSON list (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch, settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch PHP serialization)', async () => {
		const r = await hook(sandbox(), 'batch', { cmd: [get(54), get(82)] });
		expect(Array.isArray(r.body.result.result)).toBe(true);
		expect(r.body.result.result[1]).toEqual([]);
	});

	test('PHP-bracket query in commands: items.set inside a batch (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch example for our node)', async () => {
		const sb = sandbox();
		const cmd = `crm.contact.company.items.set?${toPhpQuery({
			id: 82,
			items: [
				{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 10 },
				{ COMPANY_ID: 9, SORT: 20 },
			],
		})}`;
		const literal =
			'crm.contact.company.items.set?id=83&items[0][COMPANY_ID]=10&items[0][IS_PRIMARY]=Y&items[0][SORT]=10';
		const r = await hook(sb, 'batch', { halt: 0, cmd: { c82: cmd, c83: literal } });
		expect(r.body.result.result).toEqual({ c82: true, c83: true });
		expect((await hook(sb, 'crm.contact.company.items.get', { id: 82 })).body.result).toEqual([
			{ COMPANY_ID: 8, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
			{ COMPANY_ID: 9, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
		]);
	});

	test('errors per key with their code; HTTP 200; halt=0 runs everything (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)', async () => {
		const r = await hook(sandbox(), 'batch', {
			halt: 0,
			cmd: { bad: 'crm.contact.company.items.get?id=0', missing: 'no.such.method', good: get(54) },
		});
		expect(r.status).toBe(200);
		expect(r.body.result.result_error).toEqual({
			bad: {
				error: '',
				error_description: 'The parameter ownerEntityID is invalid or not defined.',
			},
			missing: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
		});
		expect(Object.keys(r.body.result.result)).toEqual(['good']);
	});

	test('halt=1 (or true) stops at the first error; later commands are absent (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)', async () => {
		for (const halt of [1, true, '1']) {
			const r = await hook(sandbox(), 'batch', {
				halt,
				cmd: { a: get(54), b: get(0), c: get(82) },
			});
			expect(Object.keys(r.body.result.result)).toEqual(['a']);
			expect(Object.keys(r.body.result.result_error)).toEqual(['b']);
		}
		const r = await hook(sandbox(), 'batch', {
			halt: false,
			cmd: { a: get(54), b: get(0), c: get(82) },
		});
		expect(Object.keys(r.body.result.result)).toEqual(['a', 'c']);
	});

	test('non-string commands are skipped silently (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch [server] is_string)', async () => {
		const r = await hook(sandbox(), 'batch', { cmd: { a: get(54), b: 5, c: { x: 1 }, d: null } });
		expect(Object.keys(r.body.result.result)).toEqual(['a']);
		expect(r.body.result.result_error).toEqual([]);
	});

	test('more than 50 commands: the extra ones get ERROR_BATCH_LENGTH_EXCEEDED, the batch succeeds (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch [server])', async () => {
		const cmd: Record<string, string> = {};
		for (let i = 0; i < 53; i++) cmd[`k${i}`] = 'profile';
		const r = await hook(sandbox(), 'batch', { halt: 0, cmd });
		expect(r.status).toBe(200);
		expect(Object.keys(r.body.result.result)).toHaveLength(50);
		expect(r.body.result.result_error).toEqual({
			k50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
			k51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
			k52: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
		});
	});

	test('nested batch → ERROR_BATCH_METHOD_NOT_ALLOWED in result_error (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)', async () => {
		const r = await hook(sandbox(), 'batch', { cmd: { inner: 'batch?cmd[x]=profile' } });
		expect(r.body.result.result_error.inner).toEqual({
			error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
			error_description: 'Method is not allowed for batch usage',
		});
	});

	test('list methods fill result_total and result_next (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)', async () => {
		const r = await hook(sandbox(), 'batch', {
			cmd: { all: 'crm.company.list?select[]=ID', some: 'crm.contact.list?filter[%25NAME]=ivan' },
		});
		expect(r.body.result.result_total).toEqual({ all: 14, some: 2 });
		expect(r.body.result.result_next).toEqual([]);
	});

	test('$result[key] references resolve to earlier results (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch ParseBatchQuery)', async () => {
		const r = await hook(sandbox(), 'batch', {
			halt: 1,
			cmd: {
				company: 'crm.company.add?fields[TITLE]=Ref%20Co',
				bind: 'crm.contact.company.add?id=82&fields[COMPANY_ID]=$result[company]',
				check: 'crm.contact.company.items.get?id=82',
			},
		});
		expect(r.body.result.result.company).toBe(21);
		expect(r.body.result.result.check).toEqual([
			{ COMPANY_ID: 21, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		]);
	});

	test('batch by GET with the inner query encoded twice (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch)', async () => {
		const sb = sandbox();
		const inner = encodeURIComponent('crm.contact.list?filter[%NAME]=Ivan&select[]=ID');
		const r = await call(`${sb.webhookUrl}batch?halt=0&cmd[q]=${inner}`);
		expect(r.status).toBe(200);
		expect(r.body.result.result.q).toEqual([{ ID: '54' }, { ID: '85' }]);
	});

	test('sub-calls use the outer auth, including its scope (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch "Auth", "Scope is checked per sub-call")', async () => {
		const sb = sandbox();
		const hookInfo = await sb.control.createWebhook({ scope: ['user'] });
		const r = await call(`${hookInfo.url}batch`, {
			json: { cmd: { me: 'profile', crm: get(54) } },
		});
		expect(r.status).toBe(200);
		expect(r.body.result.result.me.ID).toBe(String(sb.userId));
		expect(r.body.result.result_error.crm.error).toBe('insufficient_scope');
		const { access_token: token } = await sb.control.issueToken();
		const viaToken = await call(`${sb.oauth.restUrl}batch`, {
			json: { auth: token, cmd: { a: `${get(54)}&auth=ignored` } },
		});
		expect(viaToken.body.result.result.a).toHaveLength(3);
	});

	test('batch with a bad outer auth fails as a whole (b24restdocs _includes/system-errors.md, [server] Rest\OAuth\Auth)', async () => {
		const sb = sandbox();
		const r = await call(`${sb.oauth.restUrl}batch`, {
			json: { auth: 'nope', cmd: { a: get(54) } },
		});
		expect(r.status).toBe(401);
		expect(r.body.error).toBe('invalid_token');
	});

	test('missing or non-array cmd gives empty maps (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch [server] methodsBatch)', async () => {
		const r = await hook(sandbox(), 'batch', { cmd: 'profile' });
		expect(r.status).toBe(200);
		expect(r.body.result).toEqual({
			result: [],
			result_error: [],
			result_total: [],
			result_next: [],
			result_time: [],
		});
	});
});
