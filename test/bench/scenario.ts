/**
 * What the benchmark runs: the portal it stands for, the node's parameters, and the items.
 * Bitrix24's clock runs ten times faster (SPEEDUP), so a job of an hour takes six minutes; the
 * ratios to the bounds are the same as on the real clock.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DOCS_SERVER_TIME_MS } from '../sandbox/server-time';
import type { Bucket, OperatingLimit } from './bounds';

export const SPEEDUP = 10;

/** The standard plan's bucket, burst 50 and 2 requests/s, on a clock `speedup` times faster. */
export const bucketAt = (speedup: number): Bucket => ({ burst: 50, drainPerSec: 2 * speedup });
/** Cloud portals: 480 s of each method's time in any 10 minutes, in ten baskets. */
export const operatingAt = (speedup: number): OperatingLimit => ({
	limitMs: 480_000 / speedup,
	windowMs: 600_000 / speedup,
	baskets: 10,
});
export const BUCKET: Bucket = bucketAt(SPEEDUP);
export const OPERATING: OperatingLimit = operatingAt(SPEEDUP);
export const MAX_COMMANDS_PER_BATCH = 50;
export const FIRST_CONTACT = 1001;

export const ITEMS_SET = 'crm.contact.company.items.set';
export const ITEMS_GET = 'crm.contact.company.items.get';
export const ITEM_LIST = 'crm.item.list';

/** Server time of a call, ms on the bench's clock. */
export type ServerTimes = Record<string, number>;

/** The docs' example answers (0.42 s a Set, 0.19 s a Get) on a clock `speedup` times faster. */
export const docsTimesAt = (speedup: number): ServerTimes => ({
	[ITEMS_SET]: DOCS_SERVER_TIME_MS[ITEMS_SET] / speedup,
	[ITEMS_GET]: DOCS_SERVER_TIME_MS[ITEMS_GET] / speedup,
	[ITEM_LIST]: DOCS_SERVER_TIME_MS[ITEM_LIST] / speedup,
});
export const DOCS_TIMES: ServerTimes = docsTimesAt(SPEEDUP);
/**
 * A portal where these calls are cheap (20 ms and 10 ms on the real clock): the same request
 * costs a portal with little data less time (b24restdocs limits.md), and then the bucket binds.
 */
export const CHEAP_TIMES: ServerTimes = { [ITEMS_SET]: 20 / SPEEDUP, [ITEMS_GET]: 10 / SPEEDUP };

export type Operation = 'get' | 'set';

/** The commands of one item with the node's default options: Set reads the bindings back. */
export const METHODS_PER_ITEM: Record<Operation, string[]> = {
	get: [ITEMS_GET],
	set: [ITEMS_SET, ITEMS_GET],
};

const contactFromItem = { __rl: true, mode: 'id', value: '={{ $json.contactId }}' };

export function parametersFor(
	operation: Operation,
	options: INodeParameters = {},
): INodeParameters {
	if (operation === 'get') {
		return {
			authentication: 'webhook',
			resource: 'contactCompany',
			operation,
			contactId: contactFromItem,
			output: 'perOwner',
			options,
		};
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
	return {
		...parametersFor('set'),
		contactId: { __rl: true, mode: 'id', value: String(FIRST_CONTACT) },
		companiesJson: '[8, 9]',
	};
}

export function itemsFor(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		contactId: FIRST_CONTACT + index,
		companies: [8, 9],
	}));
}

/** Requests the node needs for N items: batches of 50 commands, or one per command without batching. */
export function requestsNeeded(operation: Operation, items: number, batching: boolean): number {
	const commands = items * METHODS_PER_ITEM[operation].length;
	return batching ? Math.ceil(commands / MAX_COMMANDS_PER_BATCH) : commands;
}

/** Server time of one full batch of the operation (the last request of a job). */
export function batchServerMs(operation: Operation, times: ServerTimes): number {
	const methods = METHODS_PER_ITEM[operation];
	const itemsPerBatch = Math.floor(MAX_COMMANDS_PER_BATCH / methods.length);
	return itemsPerBatch * methods.reduce((sum, method) => sum + times[method], 0);
}
