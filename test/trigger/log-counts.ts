/** What the sandbox received: requests, and the crm.item.list commands among their sub-calls. */
import { callsIn } from '../sandbox/log-readers';
import type { Sandbox } from '../sandbox/server';

export function logReaders(sandbox: Sandbox) {
	return {
		clear: async () => await sandbox.control.clearLog(),
		async counts() {
			const entries = (await sandbox.control.getLog()).filter((entry) => entry.method !== null);
			const calls = callsIn(entries);
			return {
				requests: entries.length,
				listCommands: calls.filter((call) => call.method === 'crm.item.list').length,
				itemsGets: calls.filter((call) => call.method.endsWith('.items.get')).length,
			};
		},
	};
}
