/**
 * Shared by the integration suites: node parameters, credential stores for the sandbox, and small
 * readers of the sandbox's request log. Every suite starts its own sandbox and runs the node
 * through the harness (n8n-core's WorkflowExecute) over real HTTP.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CredentialStore, oauth2Credentials, runNode, webhookCredentials } from '../harness';
import type { RunNodeResult } from '../harness';
import { visibleJson } from '../harness/visible-json';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import type { LogEntry, SubCallLog } from '../sandbox/types';

export type Auth = 'webhook' | 'oAuth2';

export const CREDENTIAL_TYPE = { webhook: 'bitrix24WebhookApi', oAuth2: 'bitrix24OAuth2Api' } as const;

/** The sandbox log's name for each authentication. */
export const AUTH_MODE = { webhook: 'webhook', oAuth2: 'oauth' } as const;

/** A resource-locator value as the n8n editor saves it. */
export function locator(value: string | number | null, mode: 'id' | 'url' | 'list' = 'id'): IDataObject {
	return { __rl: true, mode, value: value === null ? null : String(value) } as IDataObject;
}

export const contactUrl = (id: number | string) => `https://portal.example.com/crm/contact/details/${id}/`;
export const companyUrl = (id: number | string) => `https://portal.example.com/crm/company/details/${id}/`;

/** The node's parameters for one operation of the contact-company resource. */
export function nodeParameters(auth: Auth, operation: string, rest: IDataObject = {}): INodeParameters {
	return { authentication: auth, resource: 'contactCompany', operation, ...rest } as INodeParameters;
}

/** One row of the Set operation's fixed collection. */
export function companyRow(companyId: number | string, isPrimary = false, sort = 0, mode: 'id' | 'url' | 'list' = 'id'): IDataObject {
	return { companyId: locator(companyId, mode), isPrimary, sort };
}

export function companyRows(...rows: IDataObject[]): IDataObject {
	return { company: rows };
}

/** A store holding a credential of the given kind, connected to the sandbox (OAuth2: real tokens). */
export async function storeFor(sandbox: Sandbox, auth: Auth, overrides: IDataObject = {}): Promise<CredentialStore> {
	const data =
		auth === 'webhook' ? webhookCredentials(sandbox, overrides as never) : await oauth2Credentials(sandbox, overrides as never);
	return new CredentialStore().set(CREDENTIAL_TYPE[auth], data);
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

/** Only the REST calls (not the OAuth authorize/token requests). */
export async function restLog(sandbox: Sandbox): Promise<LogEntry[]> {
	return (await sandbox.control.getLog()).filter((entry) => entry.path.startsWith('/rest/'));
}

/** What a log entry amounts to: its method and params, or for a batch its sub-calls. */
export function callsOf(entry: LogEntry): Array<{ method: string; params: unknown }> {
	if (entry.method === 'batch') {
		return (entry.subCalls ?? []).map((sub: SubCallLog) => ({ method: sub.method, params: sub.params }));
	}
	return [{ method: entry.method ?? '', params: entry.params }];
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairingOf = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

/** The demo portal's bindings of a contact as the sandbox holds them. */
export async function bindingsOf(sandbox: Sandbox, contactId: number): Promise<unknown[]> {
	const state = await sandbox.control.getState();
	return state.bindings[String(contactId)] ?? [];
}

export async function primaryCompanyOf(sandbox: Sandbox, contactId: number): Promise<number | null> {
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

/**
 * A suite's sandbox (webhooks over HTTP allowed), reset before each test with a fresh webhook
 * credential and an empty request log; `use` hands both to the suite each time they change.
 */
export function useWebhookSuite(use: (sandbox: Sandbox, store: CredentialStore) => void): void {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(async () => {
		await sandbox.control.reset();
		use(sandbox, await storeFor(sandbox, 'webhook'));
		await sandbox.control.clearLog();
	});
}
