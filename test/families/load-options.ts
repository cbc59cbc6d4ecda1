/**
 * A real `ILoadOptionsFunctions` for the node's searchable lists: n8n-core's own
 * LoadOptionsContext, as the n8n cli builds one when the editor opens a picker, with the
 * harness' credentials helper behind it. Requests go through n8n-core's
 * httpRequestWithAuthentication (webhook as is, OAuth2 signed and refreshed by n8n).
 */
import { ExecutionLifecycleHooks, ExternalSecretsProxy, LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import {
	CREDENTIAL_TYPE,
	HarnessCredentialsHelper,
	NodeTypes,
	bitrix24CredentialTypes,
	bitrix24Node,
	ensureN8nRuntime,
} from '../harness';
import type { CredentialStore, CredentialTypeName } from '../harness';

export type SearchMethod =
	| 'searchContacts'
	| 'searchCompanies'
	| 'searchDeals'
	| 'searchLeads'
	| 'searchQuotes';

function additionalData(
	credentialsHelper: HarnessCredentialsHelper,
	parameters: INodeParameters,
): IWorkflowExecuteAdditionalData {
	const unavailable = async (): Promise<never> => {
		throw new Error('not available while loading options');
	};
	return {
		executionId: undefined,
		credentialsHelper,
		currentNodeParameters: parameters,
		hooks: new ExecutionLifecycleHooks('internal', 'load-options', {
			id: 'w',
			name: 'w',
			nodes: [],
			connections: {},
		} as never),
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		logAiEvent: () => undefined,
		executeWorkflow: unavailable,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unavailable,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Calls one of the node's list-search methods as the editor does: `this` is a LoadOptionsContext
 * for a Bitrix24 node with the given parameters and the store's credential of the chosen type.
 */
export async function searchList(
	store: CredentialStore,
	method: SearchMethod,
	filter?: string,
	paginationToken?: string,
	authentication: 'webhook' | 'oAuth2' = 'webhook',
): Promise<INodeListSearchResult> {
	ensureN8nRuntime();
	const type: INodeType = new Bitrix24();
	const credentialType: CredentialTypeName = CREDENTIAL_TYPE[authentication];
	const row = store.row(credentialType);
	if (!row) throw new Error(`no ${credentialType} in the store`);
	const parameters: INodeParameters = { authentication, resource: 'dealContact', operation: 'get' };
	const node = bitrix24Node(parameters, { [credentialType]: { id: row.id, name: row.name } });
	const nodeTypes = new NodeTypes([type]);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const helper = new HarnessCredentialsHelper(store, bitrix24CredentialTypes(), nodeTypes);
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalData(helper, parameters),
		'parameters.dealId',
	);
	const search = type.methods?.listSearch?.[method];
	if (!search) throw new Error(`the node has no listSearch.${method}`);
	return await search.call(context, filter, paginationToken);
}
