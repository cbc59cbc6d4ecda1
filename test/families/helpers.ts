/**
 * Shared by the family suites: one sandbox per test file, the demo records each binding family
 * is tested on, node parameters, and readers of the sandbox's request log. The node runs through
 * the harness (n8n-core's WorkflowExecute) over real HTTP on 127.0.0.1.
 */
import type { IDataObject, INodeExecutionData, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { CredentialStore, runNode, webhookCredentials } from '../harness';
import type { RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import type { FamilyBinding, FamilyKey } from '../sandbox/control-client';
import type { LogEntry } from '../sandbox/types';

/**
 * A family as the tests see it: the node's names (from the brief and DESIGN.md, written out here
 * rather than read from the node, so a renamed parameter fails the tests) and demo records of the
 * sandbox's seed to work on.
 */
export interface FamilyCase {
	resource: FamilyKey;
	prefix: string;
	idField: 'COMPANY_ID' | 'CONTACT_ID';
	ownerParam: string;
	boundParam: string;
	plural: 'companies' | 'contacts';
	/** The fixed-collection row name of the Set operation. */
	row: 'company' | 'contact';
	ownerUrlPath: string;
	boundUrlPath: string;
	/** Has bindings in the demo seed, in items.get order. */
	owner: number;
	ownerBindings: Array<{ id: number; sort: number; primary: boolean }>;
	/** Exists, without bindings. */
	emptyOwner: number;
	/** Not bound to `owner`, and to be bound in the tests. */
	freeBound: [number, number];
	/** The name the bound records' list answers for `ownerBindings[0].id`. */
	firstBoundName: string;
}

export const FAMILY_CASES: FamilyCase[] = [
	{
		resource: 'contactCompany',
		prefix: 'crm.contact.company',
		idField: 'COMPANY_ID',
		ownerParam: 'contactId',
		boundParam: 'companyId',
		plural: 'companies',
		row: 'company',
		ownerUrlPath: 'contact',
		boundUrlPath: 'company',
		owner: 54,
		ownerBindings: [
			{ id: 7, sort: 100, primary: true },
			{ id: 8, sort: 110, primary: false },
			{ id: 9, sort: 120, primary: false },
		],
		emptyOwner: 82,
		freeBound: [10, 11],
		firstBoundName: 'Alpha LLC',
	},
	{
		resource: 'companyContact',
		prefix: 'crm.company.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'companyId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'company',
		boundUrlPath: 'contact',
		owner: 13,
		ownerBindings: [{ id: 85, sort: 10, primary: true }],
		emptyOwner: 10,
		freeBound: [84, 86],
		firstBoundName: 'Ivan Kuznetsov',
	},
	{
		resource: 'dealContact',
		prefix: 'crm.deal.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'dealId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'deal',
		boundUrlPath: 'contact',
		owner: 1,
		ownerBindings: [
			{ id: 54, sort: 10, primary: true },
			{ id: 82, sort: 20, primary: false },
		],
		emptyOwner: 3,
		freeBound: [84, 86],
		firstBoundName: 'Ivan Petrov',
	},
	{
		resource: 'leadContact',
		prefix: 'crm.lead.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'leadId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'lead',
		boundUrlPath: 'contact',
		owner: 1,
		ownerBindings: [{ id: 83, sort: 10, primary: true }],
		emptyOwner: 2,
		freeBound: [84, 86],
		firstBoundName: 'Oleg Sidorov',
	},
	{
		resource: 'quoteContact',
		prefix: 'crm.quote.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'quoteId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'type/7',
		boundUrlPath: 'contact',
		owner: 1,
		ownerBindings: [
			{ id: 54, sort: 10, primary: false },
			{ id: 88, sort: 20, primary: true },
		],
		emptyOwner: 2,
		freeBound: [84, 86],
		firstBoundName: 'Ivan Petrov',
	},
];

/** Starts one sandbox for a test file and resets it (data, limits, log) before each test. */
export { useSandbox } from '../sandbox/test-helpers';

export function webhookStore(sandbox: Sandbox): CredentialStore {
	return new CredentialStore().set('bitrix24WebhookApi', webhookCredentials(sandbox));
}

/** A resource-locator value as the n8n editor saves it. */
export function locator(value: string | number, mode: 'id' | 'url' | 'list' = 'id'): INodeParameterResourceLocator {
	return { __rl: true, mode, value: String(value) };
}

export function familyParameters(f: FamilyCase, operation: string, rest: INodeParameters = {}): INodeParameters {
	return { authentication: 'webhook', resource: f.resource, operation, ...rest };
}

export async function runFamily(
	sandbox: Sandbox,
	f: FamilyCase,
	operation: string,
	rest: INodeParameters = {},
	items: IDataObject[] = [{}],
	store: CredentialStore = webhookStore(sandbox),
): Promise<RunNodeResult> {
	const result = await runNode({ parameters: familyParameters(f, operation, rest), credentials: store, items });
	return result;
}

export const jsonOf = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);

/** The sandbox's bindings of one owner in a family, as items.get would answer them. */
export async function bindingsIn(sandbox: Sandbox, f: FamilyCase, ownerId: number): Promise<FamilyBinding[]> {
	const state = await sandbox.control.getState();
	return state.familyBindings[f.resource][String(ownerId)] ?? [];
}

/** Only the REST calls (not OAuth requests). */
export async function restLog(sandbox: Sandbox): Promise<LogEntry[]> {
	return (await sandbox.control.getLog()).filter((entry) => entry.path.startsWith('/rest/'));
}

export interface LoggedCall {
	method: string;
	params: IDataObject;
}

/** Every method call the log holds, a batch's sub-calls in their place, oldest first. */
export function callsIn(entries: LogEntry[]): LoggedCall[] {
	return entries.flatMap((entry): LoggedCall[] =>
		entry.method === 'batch'
			? (entry.subCalls ?? []).map((sub) => ({ method: sub.method, params: sub.params as IDataObject }))
			: [{ method: entry.method ?? '', params: entry.params as IDataObject }],
	);
}

/** The result of a run that must have succeeded; otherwise the test fails with the node's error. */
export function okItems(result: RunNodeResult): IDataObject[] {
	if (result.error) throw new Error(`The node failed: ${result.error.message} ${String(result.error.description ?? '')}`);
	return jsonOf(result.items);
}
