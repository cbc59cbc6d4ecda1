import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ExecutionBaseError,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { CredentialStore } from './credential-store';
import { bitrix24CredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { withRunLogs, type LogEntry } from './log-capture';
import { NodeTypes, SOURCE_NODE_TYPE } from './node-types';
import { ensureN8nRuntime } from './runtime';

export type CredentialTypeName = 'bitrix24WebhookApi' | 'bitrix24OAuth2Api';

export interface RunNodeOptions {
	/** The node under test; the Bitrix24 node when left out. */
	node?: INodeType | IVersionedNodeType;
	parameters: INodeParameters;
	/** Which stored credential the node references; by default the one its `authentication` picks. */
	credentialType?: CredentialTypeName;
	credentials: CredentialStore;
	/** The JSON of the items the node receives. */
	items: IDataObject[];
	continueOnFail?: boolean;
	nodeName?: string;
}

export interface RunNodeResult {
	/** The node's main output 0 ([] when it produced none). */
	items: INodeExecutionData[];
	/** The node's error when the execution failed (message, description, httpCode, context.itemIndex...). */
	error?: ExecutionBaseError;
	runData: IRunData;
	/** The log lines written during this run (n8n-core's and the node's `this.logger`). */
	logs: LogEntry[];
}

const SOURCE_NODE_NAME = 'Items';

let executionCounter = 0;

/** Path kept in a variable: the node is written in parallel, and the harness must compile without it. */
const BITRIX24_NODE_MODULE = '../../nodes/Bitrix24/Bitrix24.node';

async function loadBitrix24Node(): Promise<INodeType> {
	const module = (await import(BITRIX24_NODE_MODULE)) as { Bitrix24: new () => INodeType };
	return new module.Bitrix24();
}

function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) {
		return (
			type.description.defaultVersion ?? Math.max(...Object.keys(type.nodeVersions).map(Number))
		);
	}
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function defaultCredentialType(parameters: INodeParameters): CredentialTypeName {
	return parameters.authentication === 'oAuth2' ? 'bitrix24OAuth2Api' : 'bitrix24WebhookApi';
}

function noEngineFeature(name: string) {
	return async (): Promise<never> => {
		throw new Error(`The test harness does not provide ${name}`);
	};
}

/** What the n8n cli hands WorkflowExecute; only the parts a regular action node can reach are real. */
export function additionalDataFor(
	executionId: string,
	credentialsHelper: HarnessCredentialsHelper,
	workflowData: IWorkflowBase,
): IWorkflowExecuteAdditionalData {
	return {
		executionId,
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		logAiEvent: () => undefined,
		executeWorkflow: noEngineFeature('sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: noEngineFeature('task runners'),
	};
}

/**
 * Runs one node inside n8n-core's real execution engine: a two-node workflow (a source emitting
 * `items`, then the node) executed by WorkflowExecute in manual mode, with the node's credential
 * referenced by id and served by the harness credentials helper. Requests go out over real HTTP.
 * Safe to call concurrently; runs share nothing but the credential store they are given.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	ensureN8nRuntime();
	const nodeType = options.node ?? (await loadBitrix24Node());
	const nodeName = options.nodeName ?? 'Bitrix24';
	const credentialType = options.credentialType ?? defaultCredentialType(options.parameters);
	const stored = options.credentials.row(credentialType);

	const source: INode = {
		id: 'source',
		name: SOURCE_NODE_NAME,
		type: SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items) },
	};
	const target: INode = {
		id: 'under-test',
		name: nodeName,
		type: nodeType.description.name,
		typeVersion: latestVersion(nodeType),
		position: [200, 0],
		parameters: options.parameters,
		// Left out when nothing is stored, so an unconfigured node fails the way it does in n8n.
		...(stored && { credentials: { [credentialType]: { id: stored.id, name: stored.name } } }),
		...(options.continueOnFail && { onError: 'continueRegularOutput' as const }),
	};
	const connections: IConnections = {
		[SOURCE_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
	};

	const nodeTypes = new NodeTypes([nodeType]);
	const executionId = `harness-${++executionCounter}`;
	const workflowData: IWorkflowBase = {
		id: `workflow-${executionId}`,
		name: `Harness: ${nodeName}`,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [source, target],
		connections,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections,
		active: false,
		nodeTypes,
	});
	const credentialsHelper = new HarnessCredentialsHelper(
		options.credentials,
		bitrix24CredentialTypes(),
		nodeTypes,
	);
	const additionalData = additionalDataFor(executionId, credentialsHelper, workflowData);

	const { result: run, logs } = await withRunLogs(
		async () =>
			await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: source }),
	);

	const runData = run.data.resultData.runData;
	const task = runData[nodeName]?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		error: run.data.resultData.error ?? task?.error,
		runData,
		logs,
	};
}
