import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { EngineSettings } from '../../engine/types';
import { DEFAULT_ENGINE_SETTINGS } from '../../engine/types';
import { BINDING_OPERATIONS } from '../bindings';

/** The operations that change bindings, in table order: the ones a read-back can follow. */
const CHANGING_OPERATIONS = BINDING_OPERATIONS.filter((operation) => !operation.readOnly).map(
	(operation) => operation.value,
);

/** The operations whose Report Change option reads the bindings before the change. */
const REPORTING_OPERATIONS = BINDING_OPERATIONS.filter((operation) => operation.reportsChange).map(
	(operation) => operation.value,
);

/** The operations that Skip Unchanged can spare. */
const SKIPPING_OPERATIONS = BINDING_OPERATIONS.filter((operation) => operation.skipsUnchanged).map(
	(operation) => operation.value,
);

export const engineOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'Batching, pacing under the limits, retries, timeouts and what changes return',
	options: [
		{
			displayName: 'Batching',
			name: 'batching',
			type: 'boolean',
			default: true,
			description:
				"Whether to send the calls of many items together in Bitrix24 batch requests of up to 50 commands. Much faster under the portal's request limit; turn off only to debug one item at a time.",
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description:
				"How many times a request that failed (a server error, a broken answer, a lost connection) is tried again. Waiting for Bitrix24's limits is not a retry: see Max Wait for Limits.",
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description:
				"The longest a request may wait in total between its retries after failures. Waits for Bitrix24's limits do not count here.",
		},
		{
			displayName: 'Max Wait for Limits (Minutes)',
			name: 'maxLimitWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 120,
			description:
				"The longest this execution may be held back in total by Bitrix24's limits: the portal's request limit and each method's operating-time limit (480 s of execution time in any 10 minutes on cloud portals: 10,000 Sets take about 80 minutes). 0 means no bound. Past it, the items not yet done fail, each saying when its method has room again; the done ones stay done.",
		},
		{
			displayName: 'Report Change',
			name: 'reportChange',
			type: 'boolean',
			default: false,
			description:
				'Whether Set also reads the bindings before the change, in the same request, and adds a "change" object to the output: the records added, removed and kept (IDs), and the primary before and after. Costs one more items.get per item of the portal\'s operating time, no extra request.',
			displayOptions: { show: { '/operation': REPORTING_OPERATIONS } },
		},
		{
			displayName: 'Requests in Flight',
			name: 'requestsInFlight',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 8,
			description:
				'How many requests may wait for Bitrix24 at once. A batch of 50 commands can take the portal 20 s to run, so where no limit binds (a self-hosted portal) this sets the speed; the limits still pace every request.',
		},
		{
			displayName: 'Retry Delay (Ms)',
			name: 'retryDelayMs',
			type: 'number',
			typeOptions: { minValue: 10 },
			default: 1000,
			description:
				'The first wait after a server error or lost connection; it doubles on each retry',
		},
		{
			displayName: 'Return Bindings After Change',
			name: 'returnBindings',
			type: 'boolean',
			default: true,
			description:
				'Whether to read the bindings back right after the change, in the same request, and put them in the output',
			displayOptions: { show: { '/operation': CHANGING_OPERATIONS } },
		},
		{
			displayName: 'Skip Unchanged',
			name: 'skipUnchanged',
			type: 'boolean',
			default: false,
			description:
				"Whether to read each record's bindings first and change only the records whose bindings differ: a Set whose list is already in place (same records, same primary, same order, and the same sort where you gave one) and a Clear of a record with nothing bound are not sent. The records are read 50 at a time, which costs a small part of what a change costs: a nightly sync where few records differ pays mostly for those. The output says for each item whether it was unchanged.",
			displayOptions: { show: { '/operation': SKIPPING_OPERATIONS } },
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: 60000,
			description: 'How long to wait for one answer from Bitrix24 before retrying',
		},
	],
};

function numberOr(value: unknown, fallback: number, min: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number >= min ? number : fallback;
}

export function engineSettingsFrom(options: IDataObject): EngineSettings {
	const defaults = DEFAULT_ENGINE_SETTINGS;
	return {
		...defaults,
		batching: options.batching !== false,
		maxRetries: Math.floor(numberOr(options.maxRetries, defaults.maxRetries, 0)),
		maxRetryWaitMs: numberOr(options.maxRetryWaitSeconds, defaults.maxRetryWaitMs / 1000, 0) * 1000,
		retryBaseDelayMs: numberOr(options.retryDelayMs, defaults.retryBaseDelayMs, 1),
		timeoutMs: numberOr(options.timeoutMs, defaults.timeoutMs, 1),
		concurrency: Math.floor(numberOr(options.requestsInFlight, defaults.concurrency, 1)),
		maxLimitWaitMs:
			numberOr(options.maxLimitWaitMinutes, defaults.maxLimitWaitMs / 60_000, 0) * 60_000,
	};
}
