/**
 * Shared by the integration suites: a suite's sandbox with its webhook credential, runs of the
 * node through the harness (n8n-core's WorkflowExecute) over real HTTP, and readers of what the
 * sandbox holds. Node parameters and log readers come from the harness and the sandbox.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { locator, nodeParameters, runNode, storeFor } from '../harness';
import type { Auth, CredentialStore, LocatorMode, RunNodeResult } from '../harness';
import { visibleJson } from '../harness/visible-json';
import { useSandbox } from '../sandbox/test-helpers';
import type { Sandbox } from '../sandbox/server';

export { CREDENTIAL_TYPE, locator, nodeParameters, storeFor, type Auth } from '../harness';
export { callsIn, callsOf, restLog } from '../sandbox/log-readers';

/** The sandbox log's name for each authentication. */
export const AUTH_MODE = { webhook: 'webhook', oAuth2: 'oauth' } as const;

export const contactUrl = (id: number | string) =>
	`https://portal.example.com/crm/contact/details/${id}/`;
export const companyUrl = (id: number | string) =>
	`https://portal.example.com/crm/company/details/${id}/`;

/** One row of the Set operation's fixed collection. */
export function companyRow(
	companyId: number | string,
	isPrimary = false,
	sort = 0,
	mode: LocatorMode = 'id',
): IDataObject {
	return { companyId: locator(companyId, mode), isPrimary, sort };
}

export function companyRows(...rows: IDataObject[]): IDataObject {
	return { company: rows };
}

export interface RunArgs {
	store: CredentialStore;
	auth: Auth;
	operation: string;
	parameters?: IDataObject;
	items?: IDataObject[];
	continueOnFail?: boolean;
}

export async function run(args: RunArgs): Promise<RunNodeResult> {
	return await runNode({
		parameters: nodeParameters(args.auth, args.operation, args.parameters),
		credentials: args.store,
		items: args.items ?? [{}],
		continueOnFail: args.continueOnFail,
	});
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairingOf = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

/** The demo portal's bindings of a contact as the sandbox holds them. */
export async function bindingsOf(sandbox: Sandbox, contactId: number): Promise<unknown[]> {
	const state = await sandbox.control.getState();
	return state.bindings[String(contactId)] ?? [];
}

export async function primaryCompanyOf(
	sandbox: Sandbox,
	contactId: number,
): Promise<number | null> {
	const state = await sandbox.control.getState();
	return state.contacts.find((contact) => contact.ID === contactId)?.COMPANY_ID ?? null;
}

/**
 * Everything a failed run exposes, as text: the error's own fields and JSON, the run data (error
 * items included) and every log line written during the run.
 */
export function everythingVisible(result: RunNodeResult): string {
	const parts: string[] = [];
	const error = result.error as unknown as Record<string, unknown> | undefined;
	if (error) {
		for (const key of Object.getOwnPropertyNames(error)) {
			const value = error[key];
			parts.push(`${key}=${typeof value === 'string' ? value : visibleJson(value)}`);
		}
		parts.push(visibleJson(error));
	}
	parts.push(visibleJson(result.items));
	parts.push(visibleJson(result.runData));
	for (const line of result.logs) parts.push(line.message, visibleJson(line.meta));
	return parts.join('\n');
}

/** A suite's sandbox with its webhook credential, and a run of the node with that credential. */
export interface WebhookSuite {
	sandbox: Sandbox;
	store: CredentialStore;
	exec(
		operation: string,
		parameters: IDataObject,
		items?: IDataObject[],
		continueOnFail?: boolean,
	): Promise<RunNodeResult>;
}

/**
 * A suite's sandbox (webhooks over HTTP allowed), reset before each test with a fresh webhook
 * credential and an empty request log; `use` hands both to the suite each time they change.
 */
export function useWebhookSuite(
	use?: (sandbox: Sandbox, store: CredentialStore) => void,
): WebhookSuite {
	const sandbox = useSandbox();
	const suite = {
		exec: async (operation, parameters, items, continueOnFail = false) =>
			await run({
				store: suite.store,
				auth: 'webhook',
				operation,
				parameters,
				items,
				continueOnFail,
			}),
	} as WebhookSuite;
	beforeEach(async () => {
		suite.sandbox = sandbox();
		suite.store = await storeFor(suite.sandbox, 'webhook');
		use?.(suite.sandbox, suite.store);
		await suite.sandbox.control.clearLog();
	});
	return suite;
}
