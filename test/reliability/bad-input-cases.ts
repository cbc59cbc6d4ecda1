/**
 * The generated bad inputs that bad-inputs.test.ts runs: per-item values that are not IDs, lists,
 * primaries or sorts, expressions that compute them, fuzzed junk (RELIABILITY_SEED), and webhook
 * and portal URLs of the wrong shape, each with what its refusal must name.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../sandbox/server';
import type { Auth, Operation } from './support';
import { fromItem, locator, nodeParameters, omit } from './support';

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_240_611);
const FUZZED = 150;

type Scope =
	| { kind: 'item'; index: number; field: string; everyItem?: boolean }
	| { kind: 'webhookUrl' }
	| { kind: 'portalUrl' };

export interface BadInput {
	name: string;
	operation: Operation;
	auth: Auth;
	parameters: INodeParameters;
	items: IDataObject[];
	scope: Scope;
	/** Credential data to use instead of the sandbox's own (a bad URL). */
	credential?: (sandbox: Sandbox) => Promise<IDataObject>;
}

// ---- valid items, to put the bad one among ------------------------------------------------------

/** Any value an item's JSON can hold. */
type Json = IDataObject[string];

type ItemOperation = Exclude<Operation, 'getFields'>;
const ITEM_OPERATIONS: ItemOperation[] = ['get', 'set', 'clear', 'add', 'remove'];

const CONTACTS = [54, 82, 83, 85, 86];

function validItem(operation: ItemOperation, index: number): IDataObject {
	const contactId = CONTACTS[index % CONTACTS.length];
	switch (operation) {
		case 'set':
			return {
				contactId,
				companies: [{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 10 }, { COMPANY_ID: 9 }],
				rows: [
					{ companyId: 8, isPrimary: true, sort: 10 },
					{ companyId: 9, isPrimary: false, sort: 0 },
				],
			};
		case 'add':
			return { contactId, companyId: 10, isPrimary: false, sort: 0 };
		case 'remove':
			return { contactId, companyId: 8 };
		default:
			return { contactId };
	}
}

/** Every per-item value comes from the item, so one item can be bad and the others not. */
function itemParameters(
	operation: ItemOperation,
	setMode: 'json' | 'fields' = 'json',
): INodeParameters {
	const byOperation: Record<ItemOperation, INodeParameters> = {
		get: { output: 'perOwner' },
		set:
			setMode === 'json'
				? { companiesInput: 'json', companiesJson: '={{ $json.companies }}' }
				: {
						companiesInput: 'fields',
						companies: {
							company: [0, 1].map((row) => ({
								companyId: locator(`={{ $json.rows[${row}].companyId }}`),
								isPrimary: `={{ $json.rows[${row}].isPrimary }}`,
								sort: `={{ $json.rows[${row}].sort }}`,
							})),
						},
					},
		clear: {},
		add: {
			companyId: fromItem('companyId'),
			isPrimary: '={{ $json.isPrimary }}',
			sort: '={{ $json.sort }}',
		},
		remove: { companyId: fromItem('companyId') },
	};
	return { contactId: fromItem('contactId'), ...byOperation[operation] };
}

let sequence = 0;

/** A run of 1–4 items with the bad one at a position that moves from case to case. */
function amongValid(
	name: string,
	operation: ItemOperation,
	field: string,
	bad: (item: IDataObject) => IDataObject,
	parameters: INodeParameters = itemParameters(operation),
): BadInput {
	const n = sequence++;
	const count = 1 + (n % 4);
	const index = n % count;
	const items = Array.from({ length: count }, (_, i) => validItem(operation, i));
	items[index] = bad(items[index]);
	return {
		name,
		operation,
		auth: n % 5 === 4 ? 'oAuth2' : 'webhook',
		parameters: nodeParameters('webhook', operation, parameters),
		items,
		scope: { kind: 'item', index, field },
	};
}

// ---- the bad values -------------------------------------------------------------------------

/** As the items carry them (JSON: NaN and Infinity cannot travel, see EXPRESSIONS). */
const BAD_IDS: unknown[] = [
	0,
	-1,
	-54,
	1.5,
	54.5,
	0.0001,
	1e20,
	9007199254740993,
	'abc',
	'54abc',
	'abc54',
	'',
	'   ',
	null,
	'-5',
	'5.5',
	'0',
	'00',
	'1e3',
	'0x1F',
	'+54',
	'99999999999999999999',
	{},
	{ id: 54 },
	[54],
	[],
	true,
	false,
	'null',
	'undefined',
	'54 55',
	'5,4',
];

const wrongLinks = (urlPath: string, otherPath: string) => [
	`https://portal.example.com/crm/${otherPath}/details/54/`,
	`https://portal.example.com/crm/${urlPath}/details/0/`,
	`https://portal.example.com/crm/${urlPath}/details/abc/`,
	`https://portal.example.com/crm/${urlPath}/details/-4/`,
	`https://portal.example.com/crm/${urlPath}/list/`,
];

/** Values computed by an expression in the parameter itself, as a workflow may do. */
const EXPRESSIONS = [
	'={{ { a: 1 } }}',
	'={{ [1, 2] }}',
	'={{ NaN }}',
	'={{ Infinity }}',
	'={{ -Infinity }}',
	'={{ 0.1 + 0.2 }}',
	'={{ null }}',
	'={{ undefined }}',
	'={{ $json.missing }}',
	'={{ "" }}',
	'={{ true }}',
	'={{ -0 }}',
	'={{ 2 ** 60 }}',
	'={{ new Date(0) }}',
];

/** Independent of the node's parser: what a Bitrix24 ID is. */
function isValidId(value: unknown, urlPath: string): boolean {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0;
	if (typeof value !== 'string') return false;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text) > 0 && text.length <= 16;
	return new RegExp(`/crm/${urlPath}/details/0*[1-9]\\d*(?:/|$|\\?|#)`).test(text);
}

export function cases(): BadInput[] {
	const all: BadInput[] = [];
	const ownerField = 'Contact ID';

	// Contact ID, every operation that has one: from the item, from an expression, as a bad link.
	for (const operation of ITEM_OPERATIONS) {
		for (const value of BAD_IDS) {
			all.push(
				amongValid(`contact ${JSON.stringify(value)}`, operation, ownerField, (item) => ({
					...item,
					contactId: value as Json,
				})),
			);
		}
		for (const expression of EXPRESSIONS) {
			all.push(
				amongValid(
					`contact ${expression}`,
					operation,
					ownerField,
					(item) => ({ ...item, contactId: 'see parameter' }),
					{
						...itemParameters(operation),
						contactId: locator(
							`={{ $json.contactId === 'see parameter' ? (${expression.slice(3, -2)}) : $json.contactId }}`,
						),
					},
				),
			);
		}
		for (const link of wrongLinks('contact', 'company')) {
			all.push(
				amongValid(
					`contact link ${link}`,
					operation,
					ownerField,
					(item) => ({ ...item, contactId: link }),
					{
						...itemParameters(operation),
						contactId: fromItem('contactId', 'url'),
					},
				),
			);
		}
	}

	// Company ID of Add and Remove.
	for (const operation of ['add', 'remove'] as const) {
		for (const value of [...BAD_IDS, ...wrongLinks('company', 'contact')]) {
			all.push(
				amongValid(`company ${JSON.stringify(value)}`, operation, 'Company ID', (item) => ({
					...item,
					companyId: value as Json,
				})),
			);
		}
	}

	// Add: sort and primary.
	for (const sort of [-1, -100, -0.5, 1.5, 'abc', '1.5', 2147483648, {}, [1], 'ten']) {
		all.push(
			amongValid(`add sort ${JSON.stringify(sort)}`, 'add', 'Sort', (item) => ({ ...item, sort })),
		);
	}
	for (const isPrimary of ['maybe', 2, -1, {}, [true], 'yesno', 'Y!', 0.5]) {
		all.push(
			amongValid(`add primary ${JSON.stringify(isPrimary)}`, 'add', 'Primary', (item) => ({
				...item,
				isPrimary,
			})),
		);
	}

	// Set, JSON list: malformed, not a list, bad entries, two primaries, a company twice, bad sorts, empty.
	const malformed = [
		'[{"COMPANY_ID": 8',
		'{',
		'not json',
		'[8,]',
		"[{'COMPANY_ID': 8}]",
		'[8] trailing',
		'[{"COMPANY_ID": 8}]]',
	];
	for (const text of malformed)
		all.push(
			amongValid(`set JSON ${text}`, 'set', 'Companies \\(JSON\\)', (item) => ({
				...item,
				companies: text,
			})),
		);
	const notLists: unknown[] = [
		'{"COMPANY_ID": 8}',
		'8',
		'"8"',
		'null',
		'true',
		{ COMPANY_ID: 8 },
		8,
		null,
		true,
	];
	for (const value of notLists)
		all.push(
			amongValid(
				`set JSON not a list ${JSON.stringify(value)}`,
				'set',
				'Companies \\(JSON\\)',
				(item) => ({ ...item, companies: value as Json }),
			),
		);
	const badEntries: unknown[] = [
		[0],
		[-1],
		[1.5],
		['abc'],
		[null],
		[{}],
		[{ COMPANY_ID: 'x' }],
		[[8]],
		[{ COMPANY_ID: 8, IS_PRIMARY: 'maybe' }],
		[
			{ COMPANY_ID: 8, IS_PRIMARY: 'Y' },
			{ COMPANY_ID: 9, IS_PRIMARY: 'Y' },
		],
		[
			{ COMPANY_ID: 8, isPrimary: true },
			{ companyId: 9, primary: 'yes' },
		],
		[8, 8],
		[8, { COMPANY_ID: 8 }],
		[{ COMPANY_ID: 8 }, { companyId: '8' }],
		[{ COMPANY_ID: 8, SORT: -1 }],
		[{ COMPANY_ID: 8, SORT: 1.5 }],
		[{ COMPANY_ID: 8, SORT: 'x' }],
		[{ COMPANY_ID: 8, SORT: 2147483648 }],
		[],
		'[]',
		'',
	];
	for (const value of badEntries)
		all.push(
			amongValid(`set JSON ${JSON.stringify(value)}`, 'set', 'Companies', (item) => ({
				...item,
				companies: value as Json,
			})),
		);

	// Set, fields: the same problems in the rows.
	const badRows: Array<[string, IDataObject[]]> = [
		[
			'two primaries',
			[
				{ companyId: 8, isPrimary: true, sort: 0 },
				{ companyId: 9, isPrimary: true, sort: 0 },
			],
		],
		[
			'a company twice',
			[
				{ companyId: 8, isPrimary: false, sort: 0 },
				{ companyId: 8, isPrimary: false, sort: 20 },
			],
		],
		[
			'a company twice, once as a link',
			[
				{ companyId: 8, isPrimary: false, sort: 0 },
				{ companyId: 'https://p.example.com/crm/company/details/8/', isPrimary: false, sort: 0 },
			],
		],
		[
			'negative sort',
			[
				{ companyId: 8, isPrimary: false, sort: -1 },
				{ companyId: 9, isPrimary: false, sort: 0 },
			],
		],
		[
			'fractional sort',
			[
				{ companyId: 8, isPrimary: false, sort: 0 },
				{ companyId: 9, isPrimary: false, sort: 2.5 },
			],
		],
		[
			'text sort',
			[
				{ companyId: 8, isPrimary: false, sort: 'first' },
				{ companyId: 9, isPrimary: false, sort: 0 },
			],
		],
		[
			'primary "maybe"',
			[
				{ companyId: 8, isPrimary: 'maybe', sort: 0 },
				{ companyId: 9, isPrimary: false, sort: 0 },
			],
		],
		...BAD_IDS.slice(0, 14).map((value): [string, IDataObject[]] => [
			`company ${JSON.stringify(value)}`,
			[
				{ companyId: 8, isPrimary: false, sort: 0 },
				{ companyId: value as string, isPrimary: false, sort: 0 },
			],
		]),
	];
	for (const [name, rows] of badRows) {
		all.push(
			amongValid(
				`set rows: ${name}`,
				'set',
				'Companies',
				(item) => ({ ...item, rows }),
				itemParameters('set', 'fields'),
			),
		);
	}
	// No rows at all: every item is bad, the first is named.
	all.push({
		name: 'set rows: none',
		operation: 'set',
		auth: 'webhook',
		parameters: nodeParameters('webhook', 'set', {
			contactId: fromItem('contactId'),
			companiesInput: 'fields',
			companies: {},
		}),
		items: [validItem('set', 0), validItem('set', 1)],
		scope: { kind: 'item', index: 0, field: 'Companies', everyItem: true },
	});

	// Random junk from fast-check as the contact ID, for a random operation and position.
	const junk = fc.oneof(
		fc.string(),
		fc.double(),
		fc.integer({ max: 0 }),
		fc.object(),
		fc.array(fc.anything(), { minLength: 1 }),
		fc.constant(null),
		fc.boolean(),
	);
	const fuzzed = fc
		.sample(fc.tuple(junk, fc.constantFrom(...ITEM_OPERATIONS)), {
			seed: SEED,
			numRuns: FUZZED * 3,
		})
		// JSON is how items travel; what survives must still not be an ID.
		.map(
			([value, operation]) =>
				[JSON.parse(JSON.stringify({ value })).value as unknown, operation] as const,
		)
		.filter(([value]) => !isValidId(value, 'contact'))
		.slice(0, FUZZED);
	for (const [value, operation] of fuzzed) {
		all.push(
			amongValid(
				`fuzzed contact ${JSON.stringify(value)?.slice(0, 40)}`,
				operation,
				ownerField,
				(item) => ({ ...item, contactId: value as string }),
			),
		);
	}

	// Credentials: webhook URLs and OAuth2 portal URLs, for every operation.
	const operations: Operation[] = [...ITEM_OPERATIONS, 'getFields'];
	const webhookUrls: Array<[string, (s: Sandbox) => string, boolean]> = [
		['empty', () => '', true],
		['blank', () => '   ', true],
		['not a URL', () => 'not a url', true],
		['the secret alone', (s) => s.webhookSecret, true],
		['no scheme', (s) => `127.0.0.1:${s.port}/rest/1/${s.webhookSecret}/`, true],
		['ftp', (s) => `ftp://127.0.0.1:${s.port}/rest/1/${s.webhookSecret}/`, true],
		['javascript', (s) => `javascript:alert('${s.webhookSecret}')`, true],
		['http without the opt-in', (s) => s.webhookUrl, false],
		['no user ID', (s) => `${s.baseUrl}/rest/${s.webhookSecret}/`, true],
		['user 0', (s) => `${s.baseUrl}/rest/0/${s.webhookSecret}/`, true],
		['user not a number', (s) => `${s.baseUrl}/rest/abc/${s.webhookSecret}/`, true],
		['wrong path', (s) => `${s.baseUrl}/api/1/${s.webhookSecret}/`, true],
		['no secret', (s) => `${s.baseUrl}/rest/1/`, true],
		['extra path', (s) => `${s.baseUrl}/rest/1/${s.webhookSecret}/crm.contact.list/extra/`, true],
		['a query with the secret', (s) => `${s.webhookUrl}?auth=${s.webhookSecret}`, true],
		['a query', (s) => `${s.webhookUrl}?x=1`, true],
		['a fragment', (s) => `${s.webhookUrl}#top`, true],
		[
			'user and password',
			(s) => `http://user:${s.webhookSecret}@127.0.0.1:${s.port}/rest/1/${s.webhookSecret}/`,
			true,
		],
		['encoded slash', (s) => `${s.baseUrl}/rest/1/${s.webhookSecret}%2F/`, true],
		[
			'space in the secret',
			(s) => `${s.baseUrl}/rest/1/${s.webhookSecret.slice(0, 6)} ${s.webhookSecret.slice(6)}/`,
			true,
		],
	];
	for (const [name, url, allowHttp] of webhookUrls) {
		for (const operation of operations) {
			all.push({
				name: `webhook URL: ${name}`,
				operation,
				auth: 'webhook',
				parameters: nodeParameters(
					'webhook',
					operation,
					operation === 'getFields' ? {} : itemParameters(operation),
				),
				items: [
					operation === 'getFields' ? {} : validItem(operation, 0),
					operation === 'getFields' ? {} : validItem(operation, 1),
				],
				scope: { kind: 'webhookUrl' },
				credential: async (s) => ({ webhookSecretUrl: url(s), allowHttp }),
			});
		}
	}
	const portalUrls: Array<[string, string, string | undefined]> = [
		['empty', '', undefined],
		['blank', '   ', undefined],
		['not a URL', 'not a url', undefined],
		['no scheme', 'portal.bitrix24.com', undefined],
		['ftp', 'ftp://portal.example.com', undefined],
		['javascript', 'javascript:alert(1)', undefined],
		['mailto', 'mailto:admin@portal.example.com', undefined],
		['file', 'file:///etc/passwd', undefined],
		['protocol-relative', '//portal.example.com', undefined],
		['bad client endpoint too', 'not a url', 'not a url either'],
	];
	for (const [name, portalUrl, clientEndpoint] of portalUrls) {
		for (const operation of operations) {
			all.push({
				name: `OAuth2 portal URL: ${name}`,
				operation,
				auth: 'oAuth2',
				parameters: nodeParameters(
					'oAuth2',
					operation,
					operation === 'getFields' ? {} : itemParameters(operation),
				),
				items: [
					operation === 'getFields' ? {} : validItem(operation, 0),
					operation === 'getFields' ? {} : validItem(operation, 1),
				],
				scope: { kind: 'portalUrl' },
				credential: async (s) => {
					// A token answer without client_endpoint, so the node must use the Portal URL.
					const token = omit(await s.control.issueToken(), ['client_endpoint']);
					return {
						portalUrl,
						oauthTokenData:
							clientEndpoint === undefined ? token : { ...token, client_endpoint: clientEndpoint },
					};
				},
			});
		}
	}
	return all;
}
