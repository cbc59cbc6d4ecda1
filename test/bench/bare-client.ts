/**
 * The reference for the node's own overhead: the same batch request bodies the node sent, posted
 * with plain axios and the same number of requests in flight, with nothing else around them.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

export async function replayBatches(
	webhookUrl: string,
	bodies: IDataObject[],
	concurrency: number,
): Promise<number> {
	const client = axios.create({ baseURL: webhookUrl, timeout: 60_000 });
	let next = 0;
	const started = performance.now();
	const lanes = Array.from({ length: concurrency }, async () => {
		while (next < bodies.length) {
			const body = bodies[next++];
			const answer = await client.post<IDataObject>('batch.json', body);
			if (answer.status !== 200 || !('result' in answer.data))
				throw new Error('The replayed batch failed');
		}
	});
	await Promise.all(lanes);
	return performance.now() - started;
}
