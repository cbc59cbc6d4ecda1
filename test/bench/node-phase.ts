/** One measured run of the Bitrix24 node inside n8n-core's engine, and what the sandbox saw of it. */
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { CredentialStore, runNode, webhookCredentials } from '../harness';
import type { LogEntry } from '../sandbox/types';
import type { SandboxProcess } from './sandbox-process';

export interface NodeRun {
	items: number;
	wallMs: number;
	requests: number;
	/** Commands the sandbox received, batch sub-calls counted one by one. */
	commands: number;
	answered503: number;
	/** Commands the portal refused for their method's operating time. */
	refusedForOperatingTime: number;
	failedItems: number;
	/** The request bodies, kept only when asked for (to replay them with a bare client). */
	bodies?: IDataObject[];
}

/**
 * Loaded by its full file name: under plain ts-node, `Bitrix24.node` would resolve to the codex file
 * Bitrix24.node.json beside it (Node tries .json before .ts), which is what the harness asks for.
 */
function bitrix24Node(): INodeType {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(__dirname, '..', '..', 'nodes', 'Bitrix24', 'Bitrix24.node.ts')) as {
		Bitrix24: new () => INodeType;
	};
	return new module.Bitrix24();
}

export async function runNodePhase(
	sandbox: SandboxProcess,
	parameters: INodeParameters,
	items: IDataObject[],
	credentials: ICredentialDataDecryptedObject,
	keepBodies = false,
): Promise<NodeRun> {
	await sandbox.control.clearLog();
	const store = new CredentialStore().set(
		'bitrix24WebhookApi',
		webhookCredentials(sandbox, credentials),
	);
	const started = performance.now();
	// Continue-on-fail so a failed item is counted, not the end of the run.
	const result = await runNode({
		node: bitrix24Node(),
		parameters,
		credentials: store,
		items,
		continueOnFail: true,
	});
	const wallMs = performance.now() - started;
	if (result.error) throw new Error(`The node failed: ${result.error.message}`);
	// The node sends no `profile`: those are a neighbour's requests (neighbour.ts).
	const log = (await sandbox.control.getLog()).filter(
		(entry: LogEntry) => entry.path.startsWith('/rest/') && entry.method !== 'profile',
	);
	// The log is cleared after each phase so the sandbox never holds more than one phase's requests.
	await sandbox.control.clearLog();
	return {
		items: items.length,
		wallMs,
		requests: log.length,
		commands: log.reduce(
			(sum, entry) => sum + (entry.method === 'batch' ? (entry.subCalls?.length ?? 0) : 1),
			0,
		),
		answered503: log.filter((entry) => entry.status === 503).length,
		refusedForOperatingTime: log.reduce(
			(sum, entry) =>
				sum +
				(entry.error === 'OPERATION_TIME_LIMIT' ? 1 : 0) +
				(entry.subCalls ?? []).filter((call) => call.error === 'OPERATION_TIME_LIMIT').length,
			0,
		),
		failedItems: result.items.filter((item) => item.json.error !== undefined).length,
		bodies: keepBodies ? log.map((entry) => entry.params as IDataObject) : undefined,
	};
}
