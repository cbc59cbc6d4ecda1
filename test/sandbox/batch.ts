/**
 * `batch` (b24restdocs settings/how-to-call-rest-api/batch.md; EN-docs settings/how-to-call-rest-api/batch.md, [server]
 * CRestProvider::methodsBatch): up to 50 `"method?query"` string commands run with the outer
 * auth; errors are collected per key, `halt` stops at the first one; HTTP 200 either way.
 */
import type { Caller } from './auth';
import { buildTime } from './envelope';
import { type RestError, errors, isRestError } from './errors';
import { isPhpArray, parsePhpQuery } from './encoding';
import type { FaultStore } from './faults';
import { phpArray } from './http-io';
import { invokeMethod } from './invoke';
import type { Portal } from './portal';
import { maskParams } from './request-log';
import type { AuthMode, Params, SubCallLog } from './types';

export const BATCH_MAX_LENGTH = 50;

export interface Command {
	key: string;
	method: string;
	query: string;
}

/** The string commands of `cmd` in order; anything that is not a string is skipped silently ([server]). */
export function parseCommands(params: Params): Command[] {
	const cmd = params.cmd;
	if (!isPhpArray(cmd)) return [];
	const entries: Array<[string, unknown]> = Array.isArray(cmd)
		? cmd.map((v, i) => [String(i), v])
		: Object.entries(cmd);
	const commands: Command[] = [];
	for (const [key, value] of entries) {
		if (typeof value !== 'string') continue;
		const q = value.indexOf('?');
		const method = (q === -1 ? value : value.slice(0, q))
			.trim()
			.replace(/\.json$/i, '')
			.toLowerCase();
		commands.push({ key, method, query: q === -1 ? '' : value.slice(q + 1) });
	}
	return commands;
}

/** PHP's (bool) cast, which is how the server reads `halt`. */
function phpBool(v: unknown): boolean {
	return !(v === undefined || v === null || v === false || v === 0 || v === '' || v === '0');
}

/** `$result[key][field]...` in a command's query, replaced by earlier results (CRestUtil::ParseBatchQuery). */
function resolveReferences(query: string, results: Record<string, unknown>): string {
	return query.replace(
		/\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g,
		(whole, key: string, path: string) => {
			let value: unknown = results[key];
			for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
				value = isPhpArray(value) ? (value as Record<string, unknown>)[m[1]] : undefined;
			}
			return value === undefined || typeof value === 'object'
				? whole
				: encodeURIComponent(String(value));
		},
	);
}

export interface BatchContext {
	path: string;
	authMode: AuthMode;
	faults: FaultStore;
}

/** Commands run one after another ([server] CRestProvider::methodsBatch), so a batch takes the sum of their server times. */
export async function runBatch(
	portal: Portal,
	caller: Caller,
	params: Params,
	ctx: BatchContext,
	subLog: SubCallLog[],
) {
	const halt = phpBool(params.halt);
	const result: Record<string, unknown> = {};
	const resultError: Record<string, unknown> = {};
	const resultTotal: Record<string, unknown> = {};
	const resultNext: Record<string, unknown> = {};
	const resultTime: Record<string, unknown> = {};

	const commands = parseCommands(params);
	const clock = { spendUntil: Date.now() };
	for (let i = 0; i < commands.length; i++) {
		const { key, method, query } = commands[i];
		if (i >= BATCH_MAX_LENGTH) {
			resultError[key] = errors.batchLengthExceeded().toBody();
			subLog.push({ key, method, params: {}, error: 'ERROR_BATCH_LENGTH_EXCEEDED' });
			continue;
		}
		const subParams = parsePhpQuery(resolveReferences(query, result));
		// The outer auth replaces any auth a command carries ([server] $arParams[$authParam]).
		delete subParams.auth;
		delete subParams.access_token;
		const logged: SubCallLog = { key, method, params: maskParams(subParams) };
		subLog.push(logged);
		let failure: { error: string; error_description: string } | undefined;
		try {
			if (method === 'batch') throw errors.batchMethodNotAllowed();
			const fault = ctx.faults.take(
				{ path: ctx.path, method, authMode: ctx.authMode },
				(f) => f.kind === 'status',
			);
			if (fault && fault.kind === 'status') failure = faultError(fault.body);
			else {
				const scheduled = clock.spendUntil;
				const { outcome, operating } = await invokeMethod(portal, caller, method, subParams, clock);
				result[key] = outcome.result;
				if (outcome.total !== undefined) resultTotal[key] = outcome.total;
				if (outcome.next !== undefined) resultNext[key] = outcome.next;
				// The command's own time, as the portal measures it: its server time, the same time the
				// operating-time limit charges (server-time.ts), without the moments the machine running
				// the sandbox took to wake it up, which would make `processing` less than the charge.
				resultTime[key] = buildTime(scheduled, scheduled, operating, clock.spendUntil);
			}
		} catch (e) {
			if (!isRestError(e)) throw e;
			failure = (e as RestError).toBody();
		}
		if (failure) {
			resultError[key] = failure;
			logged.error = failure.error;
			if (halt) break;
		}
	}
	return {
		result: phpArray(result),
		result_error: phpArray(resultError),
		result_total: phpArray(resultTotal),
		result_next: phpArray(resultNext),
		result_time: phpArray(resultTime),
	};
}

/** The error a 'status' fault puts into result_error: the `error` and `error_description` of its body. */
function faultError(body: unknown): { error: string; error_description: string } {
	if (typeof body === 'object' && body !== null) {
		const b = body as Record<string, unknown>;
		return { error: String(b.error ?? ''), error_description: String(b.error_description ?? '') };
	}
	return {
		error: 'INTERNAL_SERVER_ERROR',
		error_description: typeof body === 'string' ? body : 'Internal server error',
	};
}
