/** Readers of the sandbox's request log, for suites that check what the node sent. */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from './server';
import type { LogEntry } from './types';

/** Only the REST calls (not the OAuth authorize/token requests), oldest first. */
export async function restLog(sandbox: Sandbox): Promise<LogEntry[]> {
	return (await sandbox.control.getLog()).filter((entry) => entry.path.startsWith('/rest/'));
}

export interface LoggedCall {
	method: string;
	params: IDataObject;
}

/** What a log entry amounts to: its method and params, or for a batch its sub-calls. */
export function callsOf(entry: LogEntry): LoggedCall[] {
	if (entry.method === 'batch') {
		return (entry.subCalls ?? []).map((sub) => ({
			method: sub.method,
			params: sub.params as IDataObject,
		}));
	}
	return [{ method: entry.method ?? '', params: entry.params as IDataObject }];
}

/** Every method call the log holds, a batch's sub-calls in their place, oldest first. */
export const callsIn = (entries: LogEntry[]): LoggedCall[] => entries.flatMap(callsOf);
