/** The one line `npm run start:queue` prints once everything serves, for tests and tools. */
import type { QueueStackInfo } from './stack';

export const READY_PREFIX = 'QUEUE_READY ';

export interface QueueReadyInfo extends QueueStackInfo {
	webhookUrl: string;
	/** The unpaced baseline's webhook, when QUEUE_UNPACED_BASELINE=1 asked for it. */
	unpacedWebhookUrl?: string;
	workflowId: string;
	sandbox: { baseUrl: string; controlUrl: string };
}

export function readyLine(info: QueueReadyInfo): string {
	return `${READY_PREFIX}${JSON.stringify(info)}`;
}

/** The info from the output so far, once the line is complete. */
export function findReadyInfo(output: string): QueueReadyInfo | undefined {
	const line = output
		.split('\n')
		.find((text, index, lines) => text.startsWith(READY_PREFIX) && index < lines.length - 1);
	return line ? (JSON.parse(line.slice(READY_PREFIX.length)) as QueueReadyInfo) : undefined;
}
