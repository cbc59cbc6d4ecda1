import type { INodeProperties } from 'n8n-workflow';

/**
 * Bitrix24 limits requests per portal with a leaky bucket whose size depends on the plan, and each
 * method's execution time per webhook or application (480 s in any 10 minutes on cloud portals).
 * The node waits client-side instead of being refused, so it has to know the limits.
 */
export const rateLimitProperties: INodeProperties[] = [
	{
		displayName: 'Bitrix24 Plan Limits',
		name: 'rateLimitPlan',
		type: 'options',
		options: [
			{
				name: 'Standard (2 Requests/s, Burst 50)',
				value: 'standard',
				description: 'Every plan except Enterprise',
			},
			{
				name: 'Enterprise (5 Requests/s, Burst 250)',
				value: 'enterprise',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'For self-hosted portals with their own settings',
			},
		],
		default: 'standard',
		description:
			'The request limit of your portal. The node paces its requests to stay inside it instead of being refused with QUERY_LIMIT_EXCEEDED.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 2 },
		default: 2,
		description: 'How fast the bucket drains: the sustained number of requests a second',
		displayOptions: { show: { rateLimitPlan: ['custom'] } },
	},
	{
		displayName: 'Burst',
		name: 'burst',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'How many requests may be sent at once before pacing starts',
		displayOptions: { show: { rateLimitPlan: ['custom'] } },
	},
	{
		displayName: 'Operating Time Limit (Seconds)',
		name: 'operatingLimitSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: 480,
		description:
			'How much execution time one method may use in the window before Bitrix24 blocks it (OPERATION_TIME_LIMIT). Cloud portals: 480. A self-hosted portal has this limit off unless its administrator turned it on (420 by default then); when answers carry no operating time, the node does not pace for it.',
		displayOptions: { show: { rateLimitPlan: ['custom'] } },
	},
	{
		displayName: 'Operating Time Window (Seconds)',
		name: 'operatingWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description:
			'The sliding window the operating-time limit counts over. Bitrix24: 600 (10 minutes).',
		displayOptions: { show: { rateLimitPlan: ['custom'] } },
	},
	{
		displayName: 'n8n Processes Sharing the Portal',
		name: 'sharingProcesses',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 1,
		description:
			"How many n8n processes call this portal at the same time: in queue mode, the workers (and the main process if it runs executions), or several n8n instances. Each keeps to its share of the portal's request limit, so together they stay inside it instead of all spending the burst at once. The portal's other callers are detected from its answers.",
	},
];
