/**
 * Shared set-up for the engine tests: a sandbox seeded with numbered contacts, the node's
 * parameters for Get and Set, and readers for the sandbox's request log.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	CredentialStore,
	locator,
	nodeParameters,
	runNode,
	webhookCredentials,
} from '../harness';
import type { RunNodeResult } from '../harness';
import { useSandbox } from '../sandbox/test-helpers';
import type { Sandbox } from '../sandbox/server';
import type { LogEntry } from '../sandbox/types';

export { restLog } from '../sandbox/log-readers';

/** Contacts the tests create: 1001, 1002, … so an output item names the input it came from. */
export const FIRST_CONTACT = 1001;

/** The company each seeded contact is bound to, so Get results can be told apart. */
export const companyOf = (contactId: number): number => 7 + (contactId % 14);

export async function seedContacts(sandbox: Sandbox, count: number): Promise<number[]> {
	const ids = Array.from({ length: count }, (_, index) => FIRST_CONTACT + index);
	const bindings: Record<string, Array<{ COMPANY_ID: number; SORT: number }>> = {};
	for (const id of ids) bindings[id] = [{ COMPANY_ID: companyOf(id), SORT: id }];
	await sandbox.control.seed({
		contacts: ids.map((ID) => ({ ID, NAME: `Contact ${ID}` })),
		bindings,
	});
	return ids;
}

/** The engine's limiter and the sandbox's bucket are per portal, and the portal key is the origin. */
export function store(
	sandbox: Sandbox,
	overrides: ICredentialDataDecryptedObject = {},
): CredentialStore {
	return new CredentialStore().set(CREDENTIAL_TYPE.webhook, webhookCredentials(sandbox, overrides));
}

const contactFromItem = locator('={{ $json.contactId }}');

export function getParameters(options: INodeParameters = {}): INodeParameters {
	return nodeParameters('webhook', 'get', {
		contactId: contactFromItem,
		output: 'perOwner',
		options,
	});
}

/** Set takes the companies from the item (`companies`: a list of company IDs). */
export function setParameters(options: INodeParameters = {}): INodeParameters {
	const companiesJson = '={{ JSON.stringify($json.companies) }}';
	return nodeParameters('webhook', 'set', {
		contactId: contactFromItem,
		companiesInput: 'json',
		companiesJson,
		options,
	});
}

export const itemsFor = (
	ids: number[],
	extra: (id: number) => IDataObject = () => ({}),
): IDataObject[] => ids.map((contactId) => ({ contactId, ...extra(contactId) }));

export async function run(
	sandbox: Sandbox,
	parameters: INodeParameters,
	items: IDataObject[],
	options: { continueOnFail?: boolean; credentials?: ICredentialDataDecryptedObject } = {},
): Promise<RunNodeResult> {
	return await runNode({
		parameters,
		credentials: store(sandbox, options.credentials),
		items,
		continueOnFail: options.continueOnFail ?? true,
	});
}

/** Commands per request as the sandbox received them; a direct call counts as one. */
export function commandsPerRequest(log: LogEntry[]): number[] {
	return log.map((entry) => (entry.method === 'batch' ? (entry.subCalls?.length ?? 0) : 1));
}

export const pairedIndex = (item: { pairedItem?: unknown }): number | undefined =>
	(item.pairedItem as { item?: number } | undefined)?.item;

/** A test file's portal: one sandbox without a request limit, reset and seeded before each test. */
export interface SeededSandbox {
	sandbox: Sandbox;
	contacts: number[];
}

export function useSeededSandbox(contactCount: number): SeededSandbox {
	const portal = {} as SeededSandbox;
	const sandbox = useSandbox({ rate: { enabled: false } });
	beforeEach(async () => {
		portal.sandbox = sandbox();
		portal.contacts = await seedContacts(portal.sandbox, contactCount);
		await portal.sandbox.control.clearLog();
	});
	return portal;
}
