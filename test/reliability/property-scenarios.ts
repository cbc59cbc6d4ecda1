/**
 * The random scenarios of the property runs (property.test.ts runs and checks them): seeded
 * sandboxes, items valid and invalid, fault schedules and engine options, as fast-check
 * arbitraries. RELIABILITY_RUNS and RELIABILITY_SEED choose how many and which.
 */
import fc from 'fast-check';

import type { FaultMatch, FaultSpec } from '../sandbox/types';
import type { Auth } from './support';

export const RUNS = Number(process.env.RELIABILITY_RUNS ?? 40);
export const SEED = Number(process.env.RELIABILITY_SEED ?? 20_240_611);
export const TIMEOUT_MS = 400;
export const LATE_MS = 700;

jest.setTimeout(Math.max(120_000, RUNS * 3_000));

export type ChangeOperation = 'set' | 'add' | 'remove' | 'clear';
const PREFIX = 'crm.contact.company';
const METHOD: Record<ChangeOperation, string> = {
	set: `${PREFIX}.items.set`,
	add: `${PREFIX}.add`,
	remove: `${PREFIX}.delete`,
	clear: `${PREFIX}.items.delete`,
};
const READ_BACK = `${PREFIX}.items.get`;

/** The demo seed's contacts and companies (test/sandbox/README.md). */
const CONTACTS = [54, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94];
const COMPANIES = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

export interface SeedBinding {
	COMPANY_ID: number;
	SORT?: number;
	IS_PRIMARY?: 'Y' | 'N';
}

/** An item's JSON; invalid ones hold anything an expression could hand the node. */
type Payload = Record<string, unknown>;

interface Item {
	valid: boolean;
	json: Payload;
}

interface ScheduledFault {
	match: FaultMatch;
	count: number;
	fault: FaultSpec;
}

export interface Scenario {
	auth: Auth;
	operation: ChangeOperation;
	batching: boolean;
	returnBindings: boolean;
	allowEmptyList: boolean;
	maxRetries: number;
	initial: Record<string, SeedBinding[]>;
	items: Item[];
	faults: ScheduledFault[];
	expireTokens: boolean;
}

// ---- generators -------------------------------------------------------------------------------

const company = fc.constantFrom(...COMPANIES);
const sort = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000 }));

const seedBindings: fc.Arbitrary<SeedBinding[]> = fc
	.tuple(
		fc.uniqueArray(company, { maxLength: 4 }),
		fc.integer({ min: -1, max: 3 }),
		fc.array(sort, { minLength: 4, maxLength: 4 }),
	)
	.map(([ids, primary, sorts]) =>
		ids.map((id, index) => ({
			COMPANY_ID: id,
			SORT: sorts[index] || undefined,
			IS_PRIMARY: index === primary ? 'Y' : 'N',
		})),
	);

const initialState = fc
	.array(fc.tuple(fc.constantFrom(...CONTACTS), seedBindings), { maxLength: 8 })
	.map((pairs) =>
		Object.fromEntries(pairs.map(([contact, bindings]) => [String(contact), bindings])),
	);

/** A valid Set list: distinct companies, at most one primary, sorts 0 (the node numbers it) or positive. */
const setList = fc
	.tuple(
		fc.uniqueArray(company, { maxLength: 4 }),
		fc.integer({ min: -1, max: 3 }),
		fc.array(sort, { minLength: 4, maxLength: 4 }),
	)
	.map(([ids, primary, sorts]) =>
		ids.map((id, index) => ({
			COMPANY_ID: id,
			IS_PRIMARY: index === primary ? 'Y' : 'N',
			SORT: sorts[index],
		})),
	);

function validPayload(operation: ChangeOperation, allowEmptyList: boolean): fc.Arbitrary<Payload> {
	switch (operation) {
		case 'set':
			return (allowEmptyList ? setList : setList.filter((list) => list.length > 0)).map(
				(companies) => ({ companies }),
			);
		case 'add':
			return fc.record({ companyId: company, isPrimary: fc.boolean(), sort });
		case 'remove':
			return fc.record({ companyId: company });
		case 'clear':
			return fc.constant({});
	}
}

const badId = fc.constantFrom<unknown>(
	0,
	-1,
	1.5,
	'abc',
	'',
	null,
	{ id: 54 },
	[54],
	'12abc',
	1e20,
	true,
);

function invalidPayload(
	operation: ChangeOperation,
	allowEmptyList: boolean,
): fc.Arbitrary<Payload> {
	const badContact = fc
		.tuple(badId, validPayload(operation, true))
		.map(([contactId, rest]) => ({ ...rest, contactId }));
	const specific: Record<ChangeOperation, Array<fc.Arbitrary<Payload>>> = {
		set: [
			fc.constant({
				companies: [
					{ COMPANY_ID: 8, IS_PRIMARY: 'Y' },
					{ COMPANY_ID: 9, IS_PRIMARY: 'Y' },
				],
			}),
			fc.constant({ companies: [{ COMPANY_ID: 8 }, { COMPANY_ID: 8, SORT: 20 }] }),
			fc
				.constantFrom<unknown>(-5, 2.5, 'x')
				.map((bad) => ({ companies: [{ COMPANY_ID: 8, SORT: bad }] })),
			badId.map((bad) => ({ companies: [{ COMPANY_ID: bad }] })),
			fc
				.constantFrom<unknown>('[{"COMPANY_ID": 8', '{"COMPANY_ID": 8}', 7, null, { COMPANY_ID: 8 })
				.map((companies) => ({ companies })),
			...(allowEmptyList ? [] : [fc.constant({ companies: [] })]),
		],
		add: [
			fc
				.constantFrom<unknown>(-1, 1.5, 'abc')
				.map((bad) => ({ companyId: 8, isPrimary: false, sort: bad })),
			fc
				.constantFrom<unknown>('maybe', 2, {})
				.map((bad) => ({ companyId: 8, isPrimary: bad, sort: 0 })),
			badId.map((bad) => ({ companyId: bad, isPrimary: false, sort: 0 })),
		],
		remove: [badId.map((bad) => ({ companyId: bad }))],
		clear: [],
	};
	return fc.oneof(badContact, ...specific[operation]);
}

const RETRYABLE: FaultSpec[] = [
	{
		kind: 'status',
		status: 503,
		body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
	},
	{ kind: 'status', status: 500, body: { error: '', error_description: '' } },
	{ kind: 'html', status: 502 },
	{ kind: 'drop' },
	{ kind: 'truncated' },
	{ kind: 'empty' },
	{ kind: 'delay', ms: 30 },
	{ kind: 'delay', ms: LATE_MS },
];
const NOT_RETRYABLE: FaultSpec[] = [
	{
		kind: 'status',
		status: 403,
		body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' },
	},
	{ kind: 'status', status: 400, body: { error: '', error_description: 'Not found' } },
	{
		kind: 'status',
		status: 500,
		body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
	},
	// The limit is off, so nothing says when the method has room again; the node would wait a
	// basket (a minute), past Max Wait for Limits, so the items fail.
	{
		kind: 'status',
		status: 429,
		body: {
			error: 'OPERATION_TIME_LIMIT',
			error_description: 'Method is blocked due to operation time limit.',
		},
	},
];

function faultSchedule(operation: ChangeOperation): fc.Arbitrary<ScheduledFault[]> {
	const match = fc.constantFrom<FaultMatch>(
		{},
		{ method: METHOD[operation] },
		{ method: READ_BACK },
		{ authMode: 'webhook' },
	);
	const fault = fc.oneof(
		{ weight: 3, arbitrary: fc.constantFrom(...RETRYABLE) },
		{ weight: 1, arbitrary: fc.constantFrom(...NOT_RETRYABLE) },
	);
	return fc.array(fc.record({ match, count: fc.integer({ min: 1, max: 5 }), fault }), {
		maxLength: 3,
	});
}

export const scenario: fc.Arbitrary<Scenario> = fc
	.record({
		auth: fc.constantFrom<Auth>('webhook', 'webhook', 'webhook', 'oAuth2'),
		operation: fc.constantFrom<ChangeOperation>('set', 'add', 'remove', 'clear'),
		batching: fc.oneof(
			{ weight: 3, arbitrary: fc.constant(true) },
			{ weight: 1, arbitrary: fc.constant(false) },
		),
		returnBindings: fc.boolean(),
		allowEmptyList: fc.boolean(),
		maxRetries: fc.integer({ min: 0, max: 3 }),
		initial: initialState,
		expireTokens: fc.boolean(),
		count: fc.integer({ min: 1, max: 10 }),
	})
	.chain((base) =>
		fc
			.record({
				contacts: fc.shuffledSubarray(CONTACTS, { minLength: base.count, maxLength: base.count }),
				validity: fc.array(
					fc.oneof(
						{ weight: 4, arbitrary: fc.constant(true) },
						{ weight: 1, arbitrary: fc.constant(false) },
					),
					{
						minLength: base.count,
						maxLength: base.count,
					},
				),
				payloads: fc.array(
					fc.tuple(
						validPayload(base.operation, base.allowEmptyList),
						invalidPayload(base.operation, base.allowEmptyList),
					),
					{
						minLength: base.count,
						maxLength: base.count,
					},
				),
				faults: faultSchedule(base.operation),
			})
			.map(({ contacts, validity, payloads, faults }) => ({
				auth: base.auth,
				operation: base.operation,
				batching: base.batching,
				returnBindings: base.returnBindings,
				allowEmptyList: base.allowEmptyList,
				maxRetries: base.maxRetries,
				initial: base.initial,
				expireTokens: base.expireTokens && base.auth === 'oAuth2',
				faults:
					base.auth === 'oAuth2'
						? faults.map((f) =>
								f.match.authMode ? { ...f, match: { authMode: 'oauth' as const } } : f,
							)
						: faults,
				items: contacts.map((contactId, index) =>
					validity[index]
						? { valid: true, json: { contactId, ...payloads[index][0] } }
						: { valid: false, json: { contactId, ...payloads[index][1] } },
				),
			})),
	);
