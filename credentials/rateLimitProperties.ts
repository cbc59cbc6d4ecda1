import type { INodeProperties } from 'n8n-workflow';

/**
 * Bitrix24 limits requests per portal with a leaky bucket whose size depends on the plan. The node
 * waits client-side instead of being refused, so it has to know the plan.
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
];
