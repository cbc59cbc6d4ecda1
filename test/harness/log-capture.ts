import { AsyncLocalStorage } from 'node:async_hooks';

import type { Logger, LogMetadata } from 'n8n-workflow';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogEntry {
	level: LogLevel;
	message: string;
	meta: LogMetadata | undefined;
}

/**
 * Lines written while a run is active are also appended to that run's own list. AsyncLocalStorage
 * follows the run through every await, so concurrent runs in one process keep their lines apart.
 */
const currentRun = new AsyncLocalStorage<LogEntry[]>();

/**
 * A logger that keeps every line in memory instead of printing it. The node's `this.logger` and
 * n8n-workflow's LoggerProxy both resolve to the one instance (see runtime.ts).
 */
export class CapturingLogger implements Logger {
	/** Every line since the last `clear()`, from all runs and from outside any run. */
	readonly entries: LogEntry[] = [];

	error(message: string, meta?: LogMetadata): void {
		this.write('error', message, meta);
	}

	warn(message: string, meta?: LogMetadata): void {
		this.write('warn', message, meta);
	}

	info(message: string, meta?: LogMetadata): void {
		this.write('info', message, meta);
	}

	debug(message: string, meta?: LogMetadata): void {
		this.write('debug', message, meta);
	}

	/** n8n-core asks its Logger for scoped children; one flat capture is all the tests need. */
	scoped(): this {
		return this;
	}

	clear(): void {
		this.entries.length = 0;
	}

	private write(level: LogLevel, message: string, meta: LogMetadata | undefined): void {
		const entry: LogEntry = { level, message, meta };
		this.entries.push(entry);
		currentRun.getStore()?.push(entry);
	}
}

export const logCapture = new CapturingLogger();

/** Runs `fn` and returns, besides its result, the log lines written on its behalf. */
export async function withRunLogs<T>(
	fn: () => Promise<T>,
): Promise<{ result: T; logs: LogEntry[] }> {
	const logs: LogEntry[] = [];
	const result = await currentRun.run(logs, fn);
	return { result, logs };
}
