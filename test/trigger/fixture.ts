/**
 * The trigger's suites: a sandbox per file, reset to the demo portal before each test, the trigger
 * polled through n8n-core (test/harness/run-poll.ts), and changes made the ways users make them:
 * through the Bitrix24 node in n8n-core's engine, or by calling Bitrix24's methods directly.
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { nodeParameters, runNode, storeFor } from '../harness';
import type { Auth, CredentialStore } from '../harness';
import { PollHarness } from '../harness/run-poll';
import { CREDENTIAL_TYPE } from '../harness/node-parameters';
import { hook, useSandbox } from '../sandbox/test-helpers';
import type { Sandbox } from '../sandbox/server';

/** Path kept in a variable, as run-node.ts does for the action node. */
const TRIGGER_MODULE = '../../nodes/Bitrix24Trigger/Bitrix24Trigger.node';

export async function triggerNode(): Promise<INodeType> {
	const module = (await import(TRIGGER_MODULE)) as { Bitrix24Trigger: new () => INodeType };
	return new module.Bitrix24Trigger();
}

export interface TriggerSuite {
	sandbox(): Sandbox;
	/** A trigger polling the sandbox with a fresh credential of the kind. */
	trigger(parameters?: IDataObject, auth?: Auth): Promise<PollHarness>;
	/** The Bitrix24 action node, run once on the sandbox. */
	act(operation: string, parameters: IDataObject, auth?: Auth): Promise<void>;
	/** A REST method called directly on the sandbox's webhook. */
	call(method: string, params: IDataObject): Promise<unknown>;
}

export function useTriggerSuite(): TriggerSuite {
	const sandbox = useSandbox();
	const stores = new Map<Auth, CredentialStore>();
	beforeEach(() => stores.clear());
	const storeOf = async (auth: Auth) => {
		if (!stores.has(auth)) stores.set(auth, await storeFor(sandbox(), auth));
		return stores.get(auth) as CredentialStore;
	};
	return {
		sandbox,
		async trigger(parameters = {}, auth = 'webhook') {
			return new PollHarness({
				nodeType: await triggerNode(),
				parameters: {
					authentication: auth,
					resource: 'contactCompany',
					watch: 'all',
					...parameters,
				} as INodeParameters,
				credentials: await storeOf(auth),
				credentialType: CREDENTIAL_TYPE[auth],
			});
		},
		async act(operation, parameters, auth = 'webhook') {
			const result = await runNode({
				parameters: nodeParameters(auth, operation, parameters),
				credentials: await storeOf(auth),
				items: [{}],
			});
			if (result.error) throw result.error;
		},
		async call(method, params) {
			const reply = await hook(sandbox(), method, params);
			if (reply.status !== 200) throw new Error(`${method}: ${reply.status} ${reply.text}`);
			return reply.body?.result;
		},
	};
}

/** The parts of a change item a test compares. */
export function brief(item: IDataObject) {
	return {
		contactId: item.contactId,
		change: item.change,
		addedIds: item.addedIds,
		removedIds: item.removedIds,
		primaryBefore: item.primaryBefore,
		primaryAfter: item.primaryAfter,
	};
}
