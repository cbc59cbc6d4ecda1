import type { Logger } from 'n8n-workflow';

const LOG_WAITS_FROM_MS = 2_000;
const PACING_LOG_INTERVAL_MS = 5_000;

/**
 * Tells the n8n log how far a long execution is and why it waits, so a run that sits still for a
 * minute under Bitrix24's limits does not look hung.
 */
export class ProgressReporter {
	private done = 0;

	private lastPacingLog = 0;

	constructor(
		private readonly logger: Logger,
		private readonly total: number,
	) {}

	itemsFinished(count: number): void {
		this.done += count;
	}

	waiting(waitMs: number, reason: string, pacing = false): void {
		if (waitMs < LOG_WAITS_FROM_MS) return;
		const now = Date.now();
		if (pacing) {
			if (now - this.lastPacingLog < PACING_LOG_INTERVAL_MS) return;
			this.lastPacingLog = now;
		}
		const done = this.total > 0 ? `${this.done} of ${this.total}` : `${this.done}`;
		this.logger.info(`Bitrix24: ${done} items done; waiting ${(waitMs / 1000).toFixed(1)} s for ${reason}`);
	}
}
