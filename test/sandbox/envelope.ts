/** The `time` object of every successful answer (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse; EN-docs data-types.md#time). */
export interface TimeInfo {
	start: number;
	finish: number;
	duration: number;
	processing: number;
	date_start: string;
	date_finish: string;
	operating?: number;
	operating_reset_at?: number;
}

export interface OperatingInfo {
	/** Accumulated seconds of this method in the current window. */
	operating: number;
	/** Unix seconds when the oldest charge leaves the window; absent when nothing is pending. */
	resetAt?: number;
}

/** ISO-8601 with an explicit offset, as the portal writes it (`2024-08-19T16:46:31+02:00`). */
export function isoWithOffset(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `finishMs` defaults to now; a batch command passes the end of its own server time. */
export function buildTime(
	startMs: number,
	processingStartMs: number,
	operating?: OperatingInfo,
	finishMs = Date.now(),
): TimeInfo {
	const time: TimeInfo = {
		start: startMs / 1000,
		finish: finishMs / 1000,
		duration: (finishMs - startMs) / 1000,
		processing: (finishMs - processingStartMs) / 1000,
		date_start: isoWithOffset(startMs),
		date_finish: isoWithOffset(finishMs),
	};
	if (operating) {
		time.operating = operating.operating;
		if (operating.resetAt !== undefined) time.operating_reset_at = operating.resetAt;
	}
	return time;
}
