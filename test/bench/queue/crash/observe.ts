/**
 * What bench:crash reads of a run: from the sandbox's log and state (what the portal ran, for which
 * contacts, what they hold), from n8n (an execution's row in PostgreSQL, which worker started it,
 * main's log about it) and from the call's answer.
 */
import { readFileSync } from 'fs';

import { sleep } from 'n8n-workflow';

import type { SandboxControl } from '../../../sandbox/control-client';
import type { LogEntry } from '../../../sandbox/types';
import { queryRows } from '../../../n8n/queue/postgres';
import type { QueueReadyInfo } from '../../../n8n/queue/ready';
import { ITEMS_SET } from '../../scenario';
import { executionsStartedByWorker } from '../figures';
import type { LoadPlan, LoadRun } from '../load';

// ---------------------------------------------------------------------------------------------
// What the sandbox's log says

/** Contact → how many items.set the portal ran for it (a command refused with an error did not run). */
export function itemsSetByContact(log: LogEntry[]): Map<number, number> {
	const runs = new Map<number, number>();
	for (const entry of log) {
		for (const sub of entry.subCalls ?? []) {
			if (sub.method !== ITEMS_SET || sub.error) continue;
			const id = Number(sub.params.id);
			runs.set(id, (runs.get(id) ?? 0) + 1);
		}
	}
	return runs;
}

export interface Commands {
	/** REST requests the portal received (batches and single calls), and how many it answered 503. */
	requests: number;
	answered503: number;
	/** Commands sent, by method (a batch's sub-calls, or the single call). */
	sent: Record<string, number>;
	/** Of those, refused with an error (e.g. OPERATION_TIME_LIMIT), by method. */
	refused: Record<string, number>;
}

export function commandsIn(log: LogEntry[]): Commands {
	const rest = log.filter((entry) => entry.method !== null);
	const sent: Record<string, number> = {};
	const refused: Record<string, number> = {};
	const add = (to: Record<string, number>, method: string) => (to[method] = (to[method] ?? 0) + 1);
	for (const entry of rest) {
		if (entry.method === 'batch') {
			for (const sub of entry.subCalls ?? []) {
				add(sent, sub.method);
				if (sub.error) add(refused, sub.method);
			}
		} else if (entry.status !== 503) {
			add(sent, entry.method!);
			if (entry.error) add(refused, entry.method!);
		}
	}
	return {
		requests: rest.length,
		answered503: rest.filter((entry) => entry.status === 503).length,
		sent,
		refused,
	};
}

/** Contacts that do not hold exactly the companies asked for (the first primary). */
export async function wrongContacts(control: SandboxControl, plan: LoadPlan): Promise<number[]> {
	const state = await control.getState();
	return plan
		.flat()
		.filter(({ contactId, companies }) => {
			const held = (state.bindings[String(contactId)] ?? []).map((b) => [
				Number(b.COMPANY_ID),
				b.IS_PRIMARY,
			]);
			return (
				JSON.stringify(held) !==
				JSON.stringify([
					[companies[0], 'Y'],
					[companies[1], 'N'],
				])
			);
		})
		.map(({ contactId }) => contactId);
}

// ---------------------------------------------------------------------------------------------
// What n8n says

export async function executionRow(
	info: QueueReadyInfo,
	id: string,
): Promise<{ status: string; stoppedAt: string }> {
	const rows = await queryRows(
		info.postgres.bin,
		info.postgres.port,
		`select status, coalesce("stoppedAt"::text, '') from execution_entity where id = ${Number(id)}`,
	);
	return { status: rows[0]?.[0] ?? 'missing', stoppedAt: rows[0]?.[1] ?? '' };
}

/** The execution a worker started after the offsets, and which worker: from the workers' logs. */
export async function startedExecution(
	info: QueueReadyInfo,
	offsets: Record<string, number>,
	timeoutMs: number,
): Promise<{ id: string; worker: string }> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
		const byWorker = executionsStartedByWorker(info, offsets);
		const found = Object.entries(byWorker).find(([, ids]) => ids.length > 0);
		if (found) return { id: found[1][0], worker: found[0] };
	}
	throw new Error(`no worker started the execution within ${timeoutMs / 1000} s`);
}

/** The lines of main's log about the execution, without colours. */
export function mainLogLines(
	info: QueueReadyInfo,
	executionId: string,
	fromOffset: number,
): string[] {
	const main = info.processes.find((p) => p.name === 'main')!;
	const text = readFileSync(main.logFile).subarray(fromOffset).toString('utf8');
	const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
	const pattern = new RegExp(`[Ee]xecution ${executionId}\\b`);
	return plain
		.split('\n')
		.filter((line) => pattern.test(line))
		.map((line) => line.trim().slice(0, 300));
}

/** Output items marked unchanged (Skip Unchanged found them right already), and changed. */
export function outputCounts(run: LoadRun): { unchanged: number; changed: number } {
	const body = run.answers[0]?.body;
	const items = Array.isArray(body) ? (body as Array<{ unchanged?: boolean }>) : [];
	return {
		unchanged: items.filter((item) => item.unchanged === true).length,
		changed: items.filter((item) => item.unchanged === false).length,
	};
}
