/**
 * Shared by the family suites: one sandbox per test file, the demo records each binding family
 * is tested on, node parameters, and readers of the sandbox's request log. The node runs through
 * the harness (n8n-core's WorkflowExecute) over real HTTP on 127.0.0.1.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CREDENTIAL_TYPE, CredentialStore, runNode, webhookCredentials } from '../harness';
import type { RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import type { FamilyBinding } from '../sandbox/control-client';
import type { FamilyCase } from './family-cases';

export { FAMILY_CASES, type FamilyCase } from './family-cases';
export { locator } from '../harness';
export { callsIn, restLog, type LoggedCall } from '../sandbox/log-readers';

/** Starts one sandbox for a test file and resets it (data, limits, log) before each test. */
export { useSandbox } from '../sandbox/test-helpers';

export function webhookStore(sandbox: Sandbox): CredentialStore {
	return new CredentialStore().set(CREDENTIAL_TYPE.webhook, webhookCredentials(sandbox));
}

export function familyParameters(
	f: FamilyCase,
	operation: string,
	rest: INodeParameters = {},
): INodeParameters {
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
	const result = await runNode({
		parameters: familyParameters(f, operation, rest),
		credentials: store,
		items,
	});
	return result;
}

export const jsonOf = (items: INodeExecutionData[]): IDataObject[] =>
	items.map((item) => item.json);

/** The sandbox's bindings of one owner in a family, as items.get would answer them. */
export async function bindingsIn(
	sandbox: Sandbox,
	f: FamilyCase,
	ownerId: number,
): Promise<FamilyBinding[]> {
	const state = await sandbox.control.getState();
	return state.familyBindings[f.resource][String(ownerId)] ?? [];
}

/** The result of a run that must have succeeded; otherwise the test fails with the node's error. */
export function okItems(result: RunNodeResult): IDataObject[] {
	if (result.error)
		throw new Error(
			`The node failed: ${result.error.message} ${String(result.error.description ?? '')}`,
		);
	return jsonOf(result.items);
}
