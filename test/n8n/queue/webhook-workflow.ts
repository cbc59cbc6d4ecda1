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

export interface ContactCompanies {
	contactId: number;
	companies: number[];
}

export function webhookSetWorkflow(): Workflow {
	return JSON.parse(readFileSync(join(__dirname, 'webhook-set.json'), 'utf8')) as Workflow;
}

export function productionWebhookUrl(editorUrl: string): string {
	return `${editorUrl}/webhook/${WEBHOOK_PATH}`;
}
