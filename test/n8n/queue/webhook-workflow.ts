/**
 * The queue-mode example: a production Webhook trigger (main enqueues the execution, a worker runs
 * it) feeding Bitrix24 Set, one item per contact in the posted body. `npm run start:queue` imports
 * and publishes it; the queue-mode test and `npm run bench:queue` load it with concurrent calls.
 *
 *   POST /webhook/bitrix24-set  {"contacts": [{"contactId": 82, "companies": [8, 9]}, …]}
 *
 * It answers when the execution has finished, with the node's output items.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Workflow } from '../workflows';

export const QUEUE_WORKFLOW_ID = 'Bx24QueueSet0001';
export const WEBHOOK_PATH = 'bitrix24-set';

/**
 * `npm run bench:queue`'s baseline: the same workflow on a credential whose plan the node never
 * waits for, against a sandbox without limits, to measure n8n's own time for the load.
 */
export const UNPACED = {
	workflowId: 'Bx24QueueSet0002',
	credentialId: 'Bx24WebhookUnpc1',
	path: 'bitrix24-set-unpaced',
	/** A custom plan no load of the bench comes near. */
	plan: {
		rateLimitPlan: 'custom',
		requestsPerSecond: 100_000,
		burst: 100_000,
		sharingProcesses: 1,
	},
} as const;

export interface ContactCompanies {
	contactId: number;
	companies: number[];
}

export function webhookSetWorkflow(): Workflow {
	return JSON.parse(readFileSync(join(__dirname, 'webhook-set.json'), 'utf8')) as Workflow;
}

export function productionWebhookUrl(editorUrl: string, path: string = WEBHOOK_PATH): string {
	return `${editorUrl}/webhook/${path}`;
}

/** The baseline's copy of the workflow: its own id, name, webhook and credential. */
export function unpacedWebhookSetWorkflow(): Workflow {
	const workflow = webhookSetWorkflow();
	const nodes = workflow.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.webhook') {
			return {
				...node,
				webhookId: `${String(node.webhookId).slice(0, -4)}b25a`,
				parameters: { ...node.parameters, path: UNPACED.path },
			};
		}
		if (!node.credentials) return node;
		return {
			...node,
			credentials: {
				bitrix24WebhookApi: {
					id: UNPACED.credentialId,
					name: 'Bitrix24 sandbox (webhook, unpaced baseline)',
				},
			},
		};
	});
	return {
		...workflow,
		id: UNPACED.workflowId,
		name: `${workflow.name} (unpaced baseline)`,
		nodes,
	};
}
