/**
 * The six operations against the sandbox, for one kind of credential: what the node outputs, what
 * the sandbox holds afterwards (control.getState) and what it received (control.getLog), checked
 * against the Bitrix24 docs (b24restdocs api-reference/crm/contacts/company/). The doc examples are
 * the demo seed: contact 54 bound to 7 (100, primary), 8 (110), 9 (120); contact 82 unbound.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore, RunNodeResult } from '../harness';
import { useSandbox } from '../sandbox/test-helpers';
import type { Sandbox } from '../sandbox/server';
import type { LogEntry } from '../sandbox/types';
import { AUTH_MODE, type Auth, restLog, run, storeFor } from './helpers';
import { describeChanges } from './operations-changes';
import { describeReads } from './operations-reads';

/** What the operation suites share: the sandbox and credential of the current test, and runs on them. */
export interface OperationsSuite {
	sandbox: Sandbox;
	store: CredentialStore;
	authMode: (typeof AUTH_MODE)[Auth];
	exec(operation: string, parameters: IDataObject, items?: IDataObject[]): Promise<RunNodeResult>;
	/** The one REST request of the run, checked to be a well-authenticated success. */
	onlyRequest(): Promise<LogEntry>;
}

export function describeOperations(auth: Auth): void {
	const sandbox = useSandbox();
	const authMode = AUTH_MODE[auth];
	/** The path a REST method is sent to with this credential. */
	const pathOf = (method: string) =>
		auth === 'webhook'
			? `/rest/${suite.sandbox.userId}/***/${method}.json`
			: `/rest/${method}.json`;
	const suite = {
		authMode,
		exec: async (operation, parameters, items) =>
			await run({ store: suite.store, auth, operation, parameters, items }),
		async onlyRequest() {
			const log = await restLog(suite.sandbox);
			expect(log).toHaveLength(1);
			expect(log[0]).toMatchObject({ httpMethod: 'POST', authMode, status: 200 });
			expect(log[0].path).toBe(pathOf(log[0].method ?? ''));
			return log[0];
		},
	} as OperationsSuite;

	beforeEach(async () => {
		suite.sandbox = sandbox();
		suite.store = await storeFor(suite.sandbox, auth);
		await suite.sandbox.control.clearLog();
	});

	describeReads(suite);
	describeChanges(suite);
}
