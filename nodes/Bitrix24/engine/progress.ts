import type { Logger } from 'n8n-workflow';

const LOG_WAITS_FROM_MS = 2_000;
const PACING_LOG_INTERVAL_MS = 5_000;

function clockTime(epochMs: number): string {
	return new Date(epochMs).toISOString().slice(11, 19);
}

/**
 * Tells the n8n log how far a long execution is, why it waits and when it should end, so a run
 * that sits still for minutes under Bitrix24's limits does not look hung.
 */
export class ProgressReporter {
	private done = 0;

	private lastPacingLog = 0;

	private readonly startedAt = Date.now();

	constructor(
		private readonly logger: Logger,
		private readonly total: number,
	) {}

	itemsFinished(count: number): void {
		this.done += count;
	}

	/** When the job ends if it goes on at its pace so far; undefined before anything is done. */
	private expectedEnd(now: number): number | undefined {
		if (this.done === 0 || this.total <= this.done) return undefined;
		return now + ((now - this.startedAt) / this.done) * (this.total - this.done);
	}

	waiting(waitMs: number, reason: string, pacing = false): void {
		if (waitMs < LOG_WAITS_FROM_MS) return;
		const now = Date.now();
		if (pacing) {
			if (now - this.lastPacingLog < PACING_LOG_INTERVAL_MS) return;
			this.lastPacingLog = now;
		}
		const done = this.total > 0 ? `${this.done} of ${this.total}` : `${this.done}`;
		const end = this.expectedEnd(now);
		const expected =
			end === undefined ? '' : `; at this pace the items are done at about ${clockTime(end)} UTC`;
		this.logger.info(
			`Bitrix24: ${done} items done; waiting ${(waitMs / 1000).toFixed(1)} s (until ${clockTime(now + waitMs)} UTC) for ${reason}${expected}`,
		);
	}
}
