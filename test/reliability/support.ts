/**
 * Shared by the reliability suites: sandboxes without a request limit of their own (faults are
 * injected on purpose), node parameters fed per item by expressions, runs that are recorded for the
 * secret scan, and the checks every suite makes on a run's output.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { locator, runNode } from '../harness';
import type { CredentialStore, RunNodeResult } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox, SandboxOptions } from '../sandbox/server';
import type { LogEntry } from '../sandbox/types';

export { CREDENTIAL_TYPE, locator, nodeParameters, storeFor, type Auth } from '../harness';
export { restLog } from '../sandbox/log-readers';

export type Operation = 'get' | 'set' | 'clear' | 'add' | 'remove' | 'getFields';
export const OPERATIONS: Operation[] = ['get', 'set', 'clear', 'add', 'remove', 'getFields'];

/** The request limit is off: a 503 here is always one a test injected. */
export async function reliabilitySandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({
		port: 0,
		allowHttpWebhooks: true,
		rate: { enabled: false },
		...options,
	});
}

/** A locator whose value comes from the item: how a workflow feeds a different record to each item. */
export const fromItem = (field: string, mode: 'id' | 'url' | 'list' = 'id') =>
	locator(`={{ $json.${field} }}`, mode);

export interface Run {
	parameters: INodeParameters;
	store: CredentialStore;
	items: IDataObject[];
	continueOnFail?: boolean;
}

export async function run(args: Run): Promise<RunNodeResult> {
	return await runNode({
		parameters: args.parameters,
		credentials: args.store,
		items: args.items,
		continueOnFail: args.continueOnFail,
	});
}

/**
 * Whether the portal refused the request, or one of its commands, for a limit. The engine sends
 * those again once the limit lets it: pacing, bounded by Max Wait for Limits, not a retry.
 */
export function refusedForLimit(entry: LogEntry): boolean {
	const limits = ['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT'];
	return (
		limits.includes(entry.error ?? '') ||
		(entry.subCalls ?? []).some((call) => limits.includes(call.error ?? ''))
	);
}

export async function tokenRequests(sandbox: Sandbox): Promise<LogEntry[]> {
	return (await sandbox.control.getLog()).filter((entry) => entry.path.startsWith('/oauth/token'));
}

export type Bindings = Record<
	string,
	Array<{ COMPANY_ID: number; SORT: number; IS_PRIMARY: string }>
>;

/** The sandbox's bindings, contact by contact, without the fields that do not change (ROLE_ID). */
export async function bindingsState(sandbox: Sandbox): Promise<Bindings> {
	const state = await sandbox.control.getState();
	const out: Bindings = {};
	for (const [contact, list] of Object.entries(state.bindings)) {
		if (list.length === 0) continue;
		out[contact] = list.map((b) => ({
			COMPANY_ID: Number(b.COMPANY_ID),
			SORT: Number(b.SORT),
			IS_PRIMARY: String(b.IS_PRIMARY),
		}));
	}
	return out;
}

export const bindingsOf = (state: Bindings, contactId: number) => state[String(contactId)] ?? [];

export const isErrorItem = (item: INodeExecutionData) => typeof item.json.error === 'string';

/**
 * The invariant every suite checks first: one item out per item in, in order, each paired with
 * the item it came from. Returns, per input item, its output or error item.
 */
export function pairOneToOne(result: RunNodeResult, inputCount: number): INodeExecutionData[] {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(inputCount);
	result.items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
	});
	return result.items;
}

/**
 * Figures for the report: written as JSON when RELIABILITY_FIGURES_DIR names a folder, so a
 * documented run can collect them; otherwise only kept in memory. The committed ones, in
 * test/reliability/figures/, are what FIGURES.md and the README show (npm run docs).
 */
export function writeFigures(suite: string, figures: Record<string, unknown>): void {
	const dir = process.env.RELIABILITY_FIGURES_DIR;
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

/** A copy without the given keys. */
export function omit<T extends object>(value: T, keys: string[]): Partial<T> {
	return Object.fromEntries(
		Object.entries(value).filter(([key]) => !keys.includes(key)),
	) as Partial<T>;
}
