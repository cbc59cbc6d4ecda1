/**
 * Another integration on the same portal: a plain client that calls `profile` through a webhook
 * of its own at a steady rate, whatever the answers, and counts them. It draws on the portal's
 * request bucket, which Bitrix24 keeps per portal, not per client (b24restdocs limits.md).
 */
export interface Neighbour {
	/** Stops sending and says what it sent and what was refused. */
	stop(): Promise<{ sent: number; refused: number; seconds: number }>;
}

export function startNeighbour(webhookUrl: string, perSecond: number): Neighbour {
	const startedAt = performance.now();
	const answers: Array<Promise<number>> = [];
	let sent = 0;
	let stopped = false;
	const sendDue = () => {
		if (stopped) return;
		// Catch up by the clock, so a busy event loop does not lower the rate.
		const due = Math.floor(((performance.now() - startedAt) / 1000) * perSecond) + 1;
		for (; sent < due; sent++) {
			answers.push(
				fetch(`${webhookUrl}profile.json`, { method: 'POST' }).then(
					async (answer) => {
						await answer.arrayBuffer();
						return answer.status;
					},
					() => 0,
				),
			);
		}
		setTimeout(sendDue, 1000 / perSecond / 2);
	};
	sendDue();
	return {
		async stop() {
			stopped = true;
			const seconds = (performance.now() - startedAt) / 1000;
			const statuses = await Promise.all(answers);
			return {
				sent: statuses.length,
				refused: statuses.filter((status) => status === 503).length,
				seconds,
			};
		},
	};
}
