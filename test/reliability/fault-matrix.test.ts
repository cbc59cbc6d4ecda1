/**
 * The fault matrix: every fault kind in FAULT_KINDS × the six operations × {one item, three items
 * batched}. Each case runs on a sandbox of its own (so cases run concurrently), with the faults
 * put in through the sandbox's control API, and checks:
 * - one output item or one error item per input item, in order, paired with it;
 * - an item that succeeded has exactly the output of a fault-free run (a reference run on a fresh
 *   sandbox), and its contact holds exactly the reference's bindings;
 * - an item that failed names the fault and says what to do, and its contact holds either the
 *   bindings from before or the reference's: never half a change;
 * - no other contact changed;
 * - REST requests stay within 1 + Max Retries (one request chain per case), and are exactly what
 *   the kind implies where that is fixed;
 * - no secret in anything the run shows (secret-scanner.ts).
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import type { RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import type { FaultMatch, FaultSpec } from '../sandbox/types';
import { SecretScanner } from './secret-scanner';
import type { Auth, Bindings, Operation } from './support';
import { OPERATIONS, bindingsOf, bindingsState, fromItem, isErrorItem, locator, nodeParameters, pairOneToOne, refusedForLimit, reliabilitySandbox, restLog, run, storeFor, tokenRequests, writeFigures } from './support';

type Mode = 'single' | 'batched';
const MODES: Mode[] = ['single', 'batched'];
const BATCH_SIZE = 3;

const BASE_OPTIONS = { maxRetries: 3, retryDelayMs: 10, maxRetryWaitSeconds: 2, timeoutMs: 10_000, maxLimitWaitMinutes: 0.05 };
type Options = typeof BASE_OPTIONS;

/** What each operation is run on: the demo seed's contacts (README of the sandbox). */
interface OperationSetup {
	method: string;
	contacts: number[];
	/** Contacts no case touches, for warming up the operating-time clock. */
	spare: number[];
	companies?: number[];
	parameters: INodeParameters;
}

const PREFIX = 'crm.contact.company';
const SETUP: Record<Operation, OperationSetup> = {
	get: {
		method: `${PREFIX}.items.get`,
		contacts: [54, 85, 83],
		spare: [88, 89, 90],
		parameters: { contactId: fromItem('contactId'), output: 'perOwner' },
	},
	set: {
		method: `${PREFIX}.items.set`,
		contacts: [82, 84, 86],
		spare: [88, 89, 90],
		parameters: {
			contactId: fromItem('contactId'),
			companiesInput: 'fields',
			companies: {
				company: [
					{ companyId: locator('8'), isPrimary: true, sort: 100 },
					{ companyId: locator('9'), isPrimary: false, sort: 0 },
				],
			},
		},
	},
	clear: { method: `${PREFIX}.items.delete`, contacts: [54, 85, 83], spare: [88, 89, 90], parameters: { contactId: fromItem('contactId') } },
	add: {
		method: `${PREFIX}.add`,
		contacts: [82, 54, 85],
		spare: [88, 89, 90],
		companies: [10, 10, 10],
		parameters: { contactId: fromItem('contactId'), companyId: fromItem('companyId'), isPrimary: false, sort: 0 },
	},
	remove: {
		method: `${PREFIX}.delete`,
		contacts: [54, 85, 83],
		spare: [88, 89, 90],
		// 13 is 85's primary company: removing it must make the other one primary.
		companies: [8, 13, 11],
		parameters: { contactId: fromItem('contactId'), companyId: fromItem('companyId') },
	},
	getFields: { method: `${PREFIX}.fields`, contacts: [], spare: [], parameters: {} },
};

function itemsFor(operation: Operation, count: number, contacts = SETUP[operation].contacts): IDataObject[] {
	const setup = SETUP[operation];
	return Array.from({ length: count }, (_, index) => {
		if (operation === 'getFields') return {};
		const item: IDataObject = { contactId: contacts[index] };
		if (setup.companies) item.companyId = setup.companies[index];
		return item;
	});
}

function parametersFor(auth: Auth, operation: Operation, options: Options): INodeParameters {
	return nodeParameters(auth, operation, { ...SETUP[operation].parameters, options });
}

interface Case {
	sandbox: Sandbox;
	store: CredentialStore;
	auth: Auth;
	operation: Operation;
	mode: Mode;
	items: IDataObject[];
	options: Options;
}

type Outcome = 'ok' | 'fail';

interface FaultKind {
	name: string;
	auth?: Auth;
	options?: Partial<Options>;
	/** Sets the fault up; may change the items (e.g. a contact that does not exist). */
	arrange: (c: Case) => Promise<void>;
	/** Runs while the node runs, for faults that must strike mid-run. */
	during?: (c: Case) => Promise<void>;
	outcome: Outcome | ((index: number, c: Case) => Outcome);
	/** What a failed item's message and description must say, all of them. */
	says?: RegExp[];
	/** REST requests the case must make exactly, when the kind fixes it. */
	requests?: number | ((c: Case) => number);
	/** Wait for requests still sleeping in the sandbox (delay faults) before reading its state. */
	settleMs?: number;
	check?: (c: Case, result: RunNodeResult) => Promise<void>;
	/** The output of an item that succeeded, when it is not exactly the reference's. */
	okOutput?: (reference: IDataObject, c: Case) => unknown;
}

const inject = (c: Case, fault: FaultSpec, count: number, match: FaultMatch = {}) =>
	c.sandbox.control.injectFault({ match, count, fault });

/** More than any case can use up: the fault never lifts during the case. */
const ALWAYS = 1_000;

const QUERY_LIMIT: FaultSpec = {
	kind: 'status',
	status: 503,
	body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
};
/** A 5xx without a Bitrix24 code: possibly passing, so retried. */
const SERVER_ERROR: FaultSpec = { kind: 'status', status: 500, body: { error: '', error_description: '' } };
/** A 5xx with a Bitrix24 code: the call's own failure, never retried. */
const CORE_ERROR: FaultSpec = {
	kind: 'status',
	status: 500,
	body: { error: 'ERROR_CORE', error_description: 'Internal error while normalizing bindings' },
};

/**
 * The real operating-time limit: a warm-up run (same operation, other contacts) spends the whole
 * budget of each method, and the node learns that from the answers' `operating`; the case's run
 * then holds every command back until the window has room, without the portal refusing any.
 */
async function exhaustOperatingTime(c: Case, windowMs: number): Promise<void> {
	const count = c.items.length;
	// Each call takes 100 ms and a call is refused once the total exceeds the limit: `count` calls
	// of a method pass, the next one does not. The credential tells the node the same window.
	const limitMs = 100 * count - 50;
	await c.sandbox.control.setLimits({
		operating: { enabled: true, limitMs, windowMs },
		serverTime: { enabled: true, defaultMs: 100 },
	});
	c.store = await storeFor(c.sandbox, c.auth, {
		rateLimitPlan: 'custom',
		requestsPerSecond: 1000,
		burst: 1000,
		operatingLimitSeconds: limitMs / 1000,
		operatingWindowSeconds: windowMs / 1000,
	});
	const spareItems = itemsFor(c.operation, count, SETUP[c.operation].spare);
	const warmUp = await run({ parameters: parametersFor(c.auth, c.operation, c.options), store: c.store, items: spareItems, continueOnFail: true });
	expect(warmUp.items.filter(isErrorItem)).toEqual([]);
	await c.sandbox.control.clearLog();
}

const batched = (c: Case) => c.mode === 'batched';
const firstFails = (index: number): Outcome => (index === 0 ? 'fail' : 'ok');

const FAULT_KINDS: FaultKind[] = [
	{
		name: '503 QUERY_LIMIT_EXCEEDED burst (2 requests)',
		arrange: async (c) => void (await inject(c, QUERY_LIMIT, 2)),
		outcome: 'ok',
		requests: 3,
	},
	{
		name: '503 QUERY_LIMIT_EXCEEDED that never lifts',
		// Waited out as pacing for 0.3 s (Max Wait for Limits), not as retries.
		options: { maxLimitWaitMinutes: 0.005 },
		arrange: async (c) => void (await inject(c, QUERY_LIMIT, ALWAYS)),
		outcome: 'fail',
		says: [/request limit/, /Max Wait for Limits is 0\.005 min/, /raise Max Wait for Limits/],
	},
	{
		name: 'operating-time budget spent, room again inside Max Wait for Limits',
		arrange: async (c) => await exhaustOperatingTime(c, 1_000),
		outcome: 'ok',
		// Held back until the window had room, so the portal refused nothing.
		check: async (c) => {
			const log = await restLog(c.sandbox);
			expect(log.filter(refusedForLimit)).toEqual([]);
		},
	},
	{
		name: 'operating-time budget spent, room again past Max Wait for Limits',
		arrange: async (c) => await exhaustOperatingTime(c, 120_000),
		outcome: 'fail',
		says: [
			/operating-time limit/,
			/has room again at about \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
			/Max Wait for Limits is 0\.05 min/,
			/Run the failed items again after then/,
		],
		// Held back before any request: the node knew the budget was spent.
		requests: 0,
	},
	{
		name: '500 once',
		arrange: async (c) => void (await inject(c, SERVER_ERROR, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: '500 that never lifts',
		arrange: async (c) => void (await inject(c, SERVER_ERROR, ALWAYS)),
		outcome: 'fail',
		says: [/HTTP 500/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		name: '500 ERROR_CORE (a Bitrix24 code): not retried',
		arrange: async (c) => void (await inject(c, CORE_ERROR, ALWAYS)),
		outcome: 'fail',
		says: [/ERROR_CORE, HTTP 500/, /Internal error while normalizing bindings/, /did not repeat it/],
		requests: 1,
	},
	{
		name: '502 gateway HTML page twice',
		arrange: async (c) => void (await inject(c, { kind: 'html', status: 502 }, 2)),
		outcome: 'ok',
		requests: 3,
	},
	{
		name: '502 gateway HTML page that never lifts',
		arrange: async (c) => void (await inject(c, { kind: 'html', status: 502 }, ALWAYS)),
		outcome: 'fail',
		says: [/not JSON/, /HTTP 502/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		name: 'dropped connection once',
		arrange: async (c) => void (await inject(c, { kind: 'drop' }, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: 'dropped connection every time',
		arrange: async (c) => void (await inject(c, { kind: 'drop' }, ALWAYS)),
		outcome: 'fail',
		says: [/connection to Bitrix24 failed/, /Gave up after 3 retries/, /Check the portal address and your network/],
		requests: 4,
	},
	{
		// The slow request is still carried out after the node gave up on it: the retry must be harmless.
		name: 'slow answer past the timeout, once',
		options: { timeoutMs: 1_000 },
		arrange: async (c) => void (await inject(c, { kind: 'delay', ms: 1_500 }, 1)),
		outcome: 'ok',
		requests: 2,
		settleMs: 1_600,
	},
	{
		name: 'slow answer past the timeout, every time',
		options: { timeoutMs: 300 },
		arrange: async (c) => void (await inject(c, { kind: 'delay', ms: 700 }, ALWAYS)),
		outcome: 'fail',
		says: [/did not answer .* in time/, /Gave up after 3 retries/, /raise the Timeout option/],
		requests: 4,
		settleMs: 800,
	},
	{
		name: 'truncated JSON once',
		arrange: async (c) => void (await inject(c, { kind: 'truncated' }, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: 'truncated JSON every time',
		arrange: async (c) => void (await inject(c, { kind: 'truncated' }, ALWAYS)),
		outcome: 'fail',
		says: [/not JSON/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		name: 'empty body once',
		arrange: async (c) => void (await inject(c, { kind: 'empty' }, 1)),
		outcome: 'ok',
		requests: 2,
	},
	{
		name: 'empty body every time',
		arrange: async (c) => void (await inject(c, { kind: 'empty' }, ALWAYS)),
		outcome: 'fail',
		says: [/empty answer/, /Gave up after 3 retries/, /try again later/],
		requests: 4,
	},
	{
		// The request is held in the sandbox; the token expires while it waits, so it arrives expired.
		name: 'expired_token in the middle of a run (OAuth2)',
		auth: 'oAuth2',
		arrange: async (c) => void (await inject(c, { kind: 'delay', ms: 400 }, 1, { authMode: 'oauth' })),
		during: async (c) => {
			for (let tries = 0; (await restLog(c.sandbox)).length === 0; tries++) {
				if (tries > 200) throw new Error('the node sent no request');
				await sleep(5);
			}
			await c.sandbox.control.expireAccessTokens();
		},
		outcome: 'ok',
		requests: 2,
		check: async (c) => {
			const log = await restLog(c.sandbox);
			expect(log.map((entry) => entry.error ?? '')).toEqual(['expired_token', '']);
			expect((await c.sandbox.control.getTokens()).refreshCount).toBe(1);
			expect((await tokenRequests(c.sandbox)).map((entry) => entry.status)).toEqual([200]);
			expect(c.store.updates).toBe(1);
		},
	},
	{
		name: 'invalid_token that a refresh does not cure (OAuth2)',
		auth: 'oAuth2',
		arrange: async (c) =>
			void (await inject(
				c,
				{ kind: 'status', status: 401, body: { error: 'invalid_token', error_description: 'Unable to get application by token' } },
				ALWAYS,
				{ authMode: 'oauth' },
			)),
		outcome: 'fail',
		says: [/access token was refused/, /invalid_token/, /Reconnect the Bitrix24 OAuth2 credential/],
		// n8n refreshes once and sends the request again; the engine does not retry auth errors.
		requests: 2,
		check: async (c) => expect((await c.sandbox.control.getTokens()).refreshCount).toBe(1),
	},
	{
		// A real token of an application without the crm scope.
		name: 'insufficient_scope (OAuth2 application without CRM)',
		auth: 'oAuth2',
		arrange: async (c) => {
			const token = await c.sandbox.control.issueToken({ scope: ['user'] });
			const data = c.store.get('bitrix24OAuth2Api') ?? {};
			c.store.update('bitrix24OAuth2Api', { ...data, oauthTokenData: { ...token } });
		},
		outcome: 'fail',
		says: [/lacks the CRM scope/, /insufficient_scope|"crm" scope/, /tick CRM/],
		requests: 1,
	},
	{
		name: 'ACCESS_DENIED on every command',
		arrange: async (c) =>
			void (await inject(
				c,
				{ kind: 'status', status: 403, body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' } },
				ALWAYS,
				{ method: SETUP[c.operation].method },
			)),
		outcome: 'fail',
		says: [/denied access/, /Give that user permission/],
		requests: 1,
	},
	{
		// A contact that does not exist (Get Fields has none: its answer is faked).
		name: '"Not found" for the first item',
		arrange: async (c) => {
			if (c.operation === 'getFields') {
				await inject(c, { kind: 'status', status: 400, body: { error: '', error_description: 'Not found' } }, 1, {
					method: SETUP.getFields.method,
				});
			} else {
				c.items[0] = { ...c.items[0], contactId: 99_999 };
			}
		},
		outcome: firstFails,
		says: [/does not exist in Bitrix24/, /Not found/, /Check the ID/],
		requests: 1,
	},
	{
		// In a batch the error lands in those commands' result_error; the others go through.
		name: 'errors on some commands of a batch',
		arrange: async (c) =>
			void (await inject(
				c,
				{ kind: 'status', status: 400, body: { error: 'ERROR_CORE', error_description: 'Could not save the binding' } },
				batched(c) ? 2 : 1,
				{ method: SETUP[c.operation].method },
			)),
		outcome: (index, c) => (index < (batched(c) ? 2 : 1) ? 'fail' : 'ok'),
		says: [/refused crm\.contact\.company\.\S+ \(ERROR_CORE\)/, /Could not save the binding/, /Check the input of this item/],
		requests: 1,
	},
	{
		// The change goes through, reading it back is refused: the item is done, and says what happened.
		name: 'the read-back after a change refused',
		arrange: async (c) =>
			void (await inject(
				c,
				{ kind: 'status', status: 403, body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' } },
				ALWAYS,
				{ method: `${PREFIX}.items.get` },
			)),
		// Get has nothing but the read; Get Fields does not read bindings at all.
		outcome: (_index, c) => (c.operation === 'get' ? 'fail' : 'ok'),
		okOutput: (reference, c) =>
			c.operation === 'getFields'
				? reference
				: {
						...reference,
						companies: null,
						readBackError: expect.stringMatching(/^The change was made, but reading it back failed: Bitrix24 denied access to contact \d+\. .*Give that user permission/),
					},
		says: [/denied access/, /Give that user permission/],
		requests: 1,
	},
];

/** What a fault-free run of a case leaves: computed once per operation and mode, on its own sandbox. */
interface Reference {
	before: Bindings;
	after: Bindings;
	outputs: IDataObject[];
}

const references = new Map<string, Promise<Reference>>();

function referenceFor(operation: Operation, mode: Mode): Promise<Reference> {
	const key = `${operation} ${mode}`;
	let reference = references.get(key);
	if (!reference) {
		reference = (async () => {
			const sandbox = await reliabilitySandbox();
			try {
				const before = await bindingsState(sandbox);
				const store = await storeFor(sandbox, 'webhook');
				const items = itemsFor(operation, mode === 'single' ? 1 : BATCH_SIZE);
				const result = await run({ parameters: parametersFor('webhook', operation, BASE_OPTIONS), store, items, continueOnFail: true });
				const outputs = pairOneToOne(result, items.length).map((item) => item.json);
				expect(outputs.filter((json) => 'error' in json)).toEqual([]);
				return { before, after: await bindingsState(sandbox), outputs };
			} finally {
				await sandbox.close();
			}
		})();
		references.set(key, reference);
	}
	return reference;
}

const suiteScanner = new SecretScanner();
const figures = { cases: 0, faultKinds: FAULT_KINDS.length, itemsIn: 0, itemsOut: 0, itemsLost: 0, failedAsExpected: 0, recovered: 0, restRequests: 0 };

async function runCase(kind: FaultKind, operation: Operation, mode: Mode): Promise<void> {
	const auth = kind.auth ?? 'webhook';
	const sandbox = await reliabilitySandbox();
	const scanner = new SecretScanner().watch(sandbox);
	try {
		const options = { ...BASE_OPTIONS, ...kind.options };
		const c: Case = {
			sandbox,
			store: await storeFor(sandbox, auth),
			auth,
			operation,
			mode,
			items: itemsFor(operation, mode === 'single' ? 1 : BATCH_SIZE),
			options,
		};
		const reference = await referenceFor(operation, mode);
		await kind.arrange(c);
		await sandbox.control.clearLog();
		// The warm-up of the operating-time kinds changes other contacts; this is the run's start.
		const before = await bindingsState(sandbox);

		const running = run({ parameters: parametersFor(auth, operation, options), store: c.store, items: c.items, continueOnFail: true });
		if (kind.during) await kind.during(c);
		const result = await running;
		if (kind.settleMs) await sleep(kind.settleMs);
		scanner.recordRun(`${kind.name} / ${operation} / ${mode}`, result);

		// One item out per item in, paired with it.
		const outputs = pairOneToOne(result, c.items.length);
		figures.itemsIn += c.items.length;
		figures.itemsOut += outputs.length;

		const after = await bindingsState(sandbox);
		const touched = new Set<number>();
		outputs.forEach((item, index) => {
			const expected = typeof kind.outcome === 'function' ? kind.outcome(index, c) : kind.outcome;
			const contactId = c.items[index].contactId as number | undefined;
			const known = contactId !== undefined && SETUP[operation].contacts.includes(contactId);
			if (known) touched.add(contactId);
			if (expected === 'ok') {
				expect(item.json).toEqual(kind.okOutput ? kind.okOutput(reference.outputs[index], c) : reference.outputs[index]);
				if (known) expect(bindingsOf(after, contactId)).toEqual(bindingsOf(reference.after, contactId));
				figures.recovered += 1;
			} else {
				expect(isErrorItem(item)).toBe(true);
				const text = `${String(item.json.error)}\n${String(item.json.description)}`;
				for (const pattern of kind.says ?? []) expect(text).toMatch(pattern);
				// Failed means not changed, or (a request the node gave up on was carried out late) changed wholly.
				if (known) {
					expect([bindingsOf(before, contactId), bindingsOf(reference.after, contactId)]).toContainEqual(
						bindingsOf(after, contactId),
					);
				}
				figures.failedAsExpected += 1;
			}
		});
		// Nothing else changed.
		const untouched = (state: Bindings) => Object.fromEntries(Object.entries(state).filter(([contact]) => !touched.has(Number(contact))));
		expect(untouched(after)).toEqual(untouched(before));

		// Retries stay within their bound: every case is one request chain. Requests refused for a
		// limit are sent again as pacing, not as retries.
		const log = await restLog(sandbox);
		const requests = log.length;
		figures.restRequests += requests;
		if (kind.requests === undefined) expect(requests).toBeGreaterThanOrEqual(1);
		expect(log.filter((entry) => !refusedForLimit(entry)).length).toBeLessThanOrEqual(1 + options.maxRetries);
		if (kind.requests !== undefined) {
			expect(requests).toBe(typeof kind.requests === 'function' ? kind.requests(c) : kind.requests);
		}
		await kind.check?.(c, result);

		expect(await scanner.flush()).toEqual([]);
		figures.cases += 1;
	} finally {
		await scanner.flush();
		suiteScanner.absorb(scanner);
		await sandbox.close();
	}
}

const CASES = FAULT_KINDS.flatMap((kind) =>
	OPERATIONS.flatMap((operation) => MODES.map((mode) => ({ kind, operation, mode }))),
);

describe('fault matrix: every item ends as one output or one error item, nothing half-done, retries bounded', () => {
	afterAll(async () => {
		expect(await suiteScanner.finish()).toEqual([]);
		figures.itemsLost = figures.itemsIn - figures.itemsOut;
		writeFigures('faultMatrix', { ...figures, secretScan: suiteScanner.counts });
	});

	describe.each(FAULT_KINDS.map((kind) => [kind.name, kind] as const))('%s', (_name, kind) => {
		it.concurrent.each(OPERATIONS.flatMap((operation) => MODES.map((mode) => [operation, mode] as const)))(
			'%s, %s',
			async (operation, mode) => await runCase(kind, operation, mode),
		);
	});

	it('covers at least 14 fault kinds × 6 operations × 2 modes', () => {
		expect(FAULT_KINDS.length).toBeGreaterThanOrEqual(14);
		expect(CASES).toHaveLength(FAULT_KINDS.length * 12);
	});
});
