/** What the benchmark runs: the node's parameters, the items, and the bucket's lower bound. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

/** Bitrix24's standard plan (2 requests/s, burst 50) on a ten-times clock, in the sandbox and the node. */
export const BUCKET = { burst: 50, drainPerSec: 20 };
export const MAX_COMMANDS_PER_BATCH = 50;
export const FIRST_CONTACT = 1001;

export type Operation = 'get' | 'set';

/** Commands the node sends per item with its default options: Set reads the bindings back (Return Bindings After Change). */
export const COMMANDS_PER_ITEM: Record<Operation, number> = { get: 1, set: 2 };

const contactFromItem = { __rl: true, mode: 'id', value: '={{ $json.contactId }}' };

export function parametersFor(operation: Operation, batching: boolean): INodeParameters {
	const options = { batching };
	if (operation === 'get') {
		return { authentication: 'webhook', resource: 'contactCompany', operation, contactId: contactFromItem, output: 'perOwner', options };
	}
	return {
		authentication: 'webhook',
		resource: 'contactCompany',
		operation,
		contactId: contactFromItem,
		companiesInput: 'json',
		companiesJson: '={{ JSON.stringify($json.companies) }}',
		options,
	};
}

/**
 * The same Set with constant parameters (every item binds contact 1001): no expression to
 * evaluate, so what remains is the node's own work and n8n's per-item and per-request handling.
 */
export function constantSetParameters(): INodeParameters {
	return { ...parametersFor('set', true), contactId: { __rl: true, mode: 'id', value: String(FIRST_CONTACT) }, companiesJson: '[8, 9]' };
}

export function itemsFor(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ contactId: FIRST_CONTACT + index, companies: [8, 9] }));
}

/** Requests the node needs for N items: batches of 50 commands, or one per command without batching. */
export function requestsNeeded(operation: Operation, items: number, batching: boolean): number {
	const commands = items * COMMANDS_PER_ITEM[operation];
	return batching ? Math.ceil(commands / MAX_COMMANDS_PER_BATCH) : commands;
}

/** T(N) = max(0, R − burst) / drain: no client can be faster under the portal's bucket. */
export function bucketBoundMs(requests: number): number {
	return (Math.max(0, requests - BUCKET.burst) / BUCKET.drainPerSec) * 1000;
}
