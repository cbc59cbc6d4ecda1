/**
 * Request bodies and query strings. Sources: b24restdocs settings/how-to-call-rest-api/data-encoding.md (JSON, form, multipart,
 * GET; PHP bracket syntax, literal or %5B%5D) and the error tables of api-reference/crm/contacts/company/ (empty arrays cannot be form-encoded).
 */
import { parsePhpQuery, toPhpQuery } from './encoding';
import { call, useSandbox } from './test-helpers';

const expected54 = [
	{ COMPANY_ID: 8, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' },
	{ COMPANY_ID: 9, SORT: 200, ROLE_ID: 0, IS_PRIMARY: 'N' },
];

describe('sandbox: PHP bracket parsing', () => {
	test('nested brackets, literal and percent-encoded, `[]` appends (b24restdocs settings/how-to-call-rest-api/data-encoding.md)', () => {
		expect(
			parsePhpQuery(
				'id=82&items[0][COMPANY_ID]=8&items%5B0%5D%5BIS_PRIMARY%5D=Y&items[1][COMPANY_ID]=9',
			),
		).toEqual({
			id: '82',
			items: [{ COMPANY_ID: '8', IS_PRIMARY: 'Y' }, { COMPANY_ID: '9' }],
		});
		expect(parsePhpQuery('select[]=ID&select[]=NAME&filter[%25NAME]=iv+an')).toEqual({
			select: ['ID', 'NAME'],
			filter: { '%NAME': 'iv an' },
		});
		expect(parsePhpQuery('a[5]=x')).toEqual({ a: { 5: 'x' } });
		expect(parsePhpQuery('bad=%E0%A4%A&ok=1')).toEqual({ bad: '%E0%A4%A', ok: '1' });
	});

	test('toPhpQuery is the reverse, like http_build_query (b24restdocs settings/how-to-call-rest-api/data-encoding.md)', () => {
		const params = { id: 82, items: [{ COMPANY_ID: 8, IS_PRIMARY: 'Y' }], note: 'a&b=c' };
		const query = toPhpQuery(params);
		expect(query).toBe(
			'id=82&items%5B0%5D%5BCOMPANY_ID%5D=8&items%5B0%5D%5BIS_PRIMARY%5D=Y&note=a%26b%3Dc',
		);
		expect(parsePhpQuery(query)).toEqual({
			id: '82',
			items: [{ COMPANY_ID: '8', IS_PRIMARY: 'Y' }],
			note: 'a&b=c',
		});
	});
});

describe('sandbox: request encodings over HTTP', () => {
	const sandbox = useSandbox();
	const setUrl = () => `${sandbox().webhookUrl}crm.contact.company.items.set`;
	const stored = async () =>
		(await call(`${sandbox().webhookUrl}crm.contact.company.items.get?id=54`)).body.result;

	test('JSON body (b24restdocs settings/how-to-call-rest-api/data-encoding.md; crm-contact-company-items-set.md cURL example)', async () => {
		const r = await call(setUrl(), {
			json: {
				id: 54,
				items: [
					{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 100 },
					{ COMPANY_ID: 9, SORT: 200 },
				],
			},
		});
		expect(r.status).toBe(200);
		expect(await stored()).toEqual(expected54);
	});

	test('JSON with a charset parameter in the content type (b24restdocs settings/how-to-call-rest-api/data-encoding.md headers)', async () => {
		const r = await call(setUrl(), {
			body: JSON.stringify({
				id: 54,
				items: [
					{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 100 },
					{ COMPANY_ID: 9, SORT: 200 },
				],
			}),
			headers: { 'content-type': 'application/json; charset=utf-8' },
		});
		expect(r.status).toBe(200);
		expect(await stored()).toEqual(expected54);
	});

	test('form body with literal brackets (b24restdocs settings/how-to-call-rest-api/data-encoding.md example)', async () => {
		const r = await call(setUrl(), {
			form: 'id=54&items[0][COMPANY_ID]=8&items[0][IS_PRIMARY]=Y&items[0][SORT]=100&items[1][COMPANY_ID]=9&items[1][SORT]=200',
		});
		expect(r.status).toBe(200);
		expect(await stored()).toEqual(expected54);
	});

	test('form body with %5B%5D brackets, as qs.stringify writes it (b24restdocs settings/how-to-call-rest-api/data-encoding.md)', async () => {
		const form = toPhpQuery({
			id: 54,
			items: [
				{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 100 },
				{ COMPANY_ID: 9, SORT: 200 },
			],
		});
		expect(form).toContain('%5B');
		expect((await call(setUrl(), { form })).status).toBe(200);
		expect(await stored()).toEqual(expected54);
	});

	test('multipart/form-data (b24restdocs settings/how-to-call-rest-api/data-encoding.md: "All methods also accept ... multipart/form-data")', async () => {
		const fd = new FormData();
		fd.append('id', '54');
		fd.append('items[0][COMPANY_ID]', '8');
		fd.append('items[0][IS_PRIMARY]', 'Y');
		fd.append('items[0][SORT]', '100');
		fd.append('items[1][COMPANY_ID]', '9');
		fd.append('items[1][SORT]', '200');
		const res = await fetch(setUrl(), { method: 'POST', body: fd });
		expect(res.status).toBe(200);
		expect(await stored()).toEqual(expected54);
	});

	test('GET with a query string (b24restdocs settings/how-to-call-rest-api/data-encoding.md: "Simple requests can be sent via GET")', async () => {
		const query =
			'id=54&items[0][COMPANY_ID]=8&items[0][IS_PRIMARY]=Y&items[0][SORT]=100&items[1][COMPANY_ID]=9&items[1][SORT]=200';
		expect((await call(`${setUrl()}?${query}`)).status).toBe(200);
		expect(await stored()).toEqual(expected54);
	});

	test('query and body merge; the body wins (PHP request merge; b24restdocs settings/how-to-call-rest-api/data-encoding.md)', async () => {
		const r = await call(`${sandbox().webhookUrl}crm.contact.company.items.get?id=82`, {
			json: { id: 54 },
		});
		expect(r.body.result).toHaveLength(3);
	});

	test('an empty array cannot be form-encoded → "The parameter items must be array." (the error tables of b24restdocs api-reference/crm/contacts/company/)', async () => {
		const r = await call(setUrl(), { form: toPhpQuery({ id: 54, items: [] }) });
		expect(r.status).toBe(400);
		expect(r.body.error_description).toBe('The parameter items must be array.');
	});

	test('malformed JSON → 400 INVALID_REQUEST with an error body (README choice; b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse error shape)', async () => {
		const r = await call(setUrl(), {
			body: '{"id":54,',
			headers: { 'content-type': 'application/json' },
		});
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error: 'INVALID_REQUEST',
			error_description: 'Request body is not valid JSON',
		});
		const notObject = await call(setUrl(), {
			body: '[1,2]',
			headers: { 'content-type': 'application/json' },
		});
		expect(notObject.status).toBe(400);
		expect(notObject.body.error).toBe('INVALID_REQUEST');
	});

	test('a body of another content type is not read, so the method reports its parameter missing (README choice)', async () => {
		const r = await call(setUrl(), {
			body: JSON.stringify({ id: 54, items: [] }),
			headers: { 'content-type': 'text/plain' },
		});
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error: '',
			error_description: 'The parameter ownerEntityID is invalid or not defined.',
		});
	});

	test('a body over 1 MB → 400 INVALID_REQUEST, and the server keeps serving (README choice)', async () => {
		const big = JSON.stringify({ id: 54, pad: 'x'.repeat(1024 * 1024 + 10) });
		const r = await call(setUrl(), { body: big, headers: { 'content-type': 'application/json' } });
		expect(r.status).toBe(400);
		expect(r.body.error).toBe('INVALID_REQUEST');
		expect(r.body.error_description).toMatch(/larger than/);
		expect((await call(`${sandbox().webhookUrl}profile`)).status).toBe(200);
	});

	test('garbage never crashes the server', async () => {
		const sb = sandbox();
		const inputs: Array<[string, string, string]> = [
			[`${sb.webhookUrl}crm.contact.company.items.set`, 'application/json', 'null'],
			[
				`${sb.webhookUrl}crm.contact.company.items.set`,
				'application/json',
				'{"id":{"a":1},"items":[null,1,"x",[1],{"COMPANY_ID":{"x":1}}]}',
			],
			[
				`${sb.webhookUrl}crm.contact.company.add`,
				'application/x-www-form-urlencoded',
				'%%%=%%&[[]]=1&fields[=2',
			],
			[`${sb.webhookUrl}batch`, 'application/json', '{"cmd":"x"}'],
			[
				`${sb.webhookUrl}batch`,
				'application/json',
				'{"cmd":{"a":"?","b":"crm.contact.list?filter[%ZZ]=%","c":""}}',
			],
			[
				`${sb.webhookUrl}crm.contact.list`,
				'application/json',
				'{"filter":[1,2],"order":"x","select":"y","start":"-9"}',
			],
			[`${sb.baseUrl}/rest/%E0%A4%A/x`, 'application/json', '{}'],
			[`${sb.baseUrl}/oauth/token/`, 'multipart/form-data', 'garbage'],
			[`${sb.baseUrl}/_sandbox/seed`, 'application/json', '{"contacts":[1]}'],
		];
		for (const [url, type, body] of inputs) {
			const r = await call(url, { body, headers: { 'content-type': type } });
			expect(r.status).toBeGreaterThanOrEqual(200);
			expect(r.status).toBeLessThan(500);
		}
		expect((await call(`${sb.webhookUrl}profile`)).status).toBe(200);
	});
});
