import type { IDataObject } from 'n8n-workflow';

import { Retries, retryKindOf } from '../Bitrix24/engine/retryPolicy';
import { sendCommands } from '../Bitrix24/engine/sendCommands';
import type { Session } from '../Bitrix24/engine/session';
import type { BitrixCall } from '../Bitrix24/engine/types';
import { MAX_BATCH_COMMANDS } from '../Bitrix24/engine/types';
import { failureToNodeApiError } from '../Bitrix24/explanations';
import type { BatchAnswer } from '../Bitrix24/transport/batch';
import { commandFailure } from '../Bitrix24/transport/batch';
import type { BitrixFailure } from '../Bitrix24/transport/failure';

/** What a poll's reads cost, for the log, the budget check and the bench. */
export interface ReadCost {
	requests: number;
	commands: number;
	/** Bitrix24's `processing` time of the commands, by method: what the operating limit charges. */
	operatingMs: Record<string, number>;
}

export const noCost = (): ReadCost => ({ requests: 0, commands: 0, operatingMs: {} });

/** The answers of keyed commands: each command's result, or its own error. */
export interface CommandAnswers {
	results: IDataObject;
	errors: Map<string, BitrixFailure>;
}

/** The batch answer left a command out: the portal did not get to it, so it goes again. */
const UNANSWERED: BitrixFailure = {
	code: '',
	description: 'the batch answer has no result for this command',
	transportProblem: 'incomplete',
};

function charge(cost: ReadCost, method: string, time: unknown): void {
	const processing = Number((time as IDataObject | undefined)?.processing);
	if (!Number.isFinite(processing)) return;
	cost.operatingMs[method] = (cost.operatingMs[method] ?? 0) + processing * 1000;
}

/** Files one batch answer's commands; returns the keys to send again (paced or left out). */
function fileAnswer(
	commands: Record<string, BitrixCall>,
	answer: BatchAnswer,
	into: CommandAnswers,
	cost: ReadCost,
): { paced: string[]; unanswered: string[] } {
	const paced: string[] = [];
	const unanswered: string[] = [];
	for (const [key, call] of Object.entries(commands)) {
		charge(cost, call.method, answer.times[key]);
		const failure = commandFailure(answer, key);
		if (failure && retryKindOf(failure) === 'operatingLimit') paced.push(key);
		else if (failure) into.errors.set(key, failure);
		else if (key in answer.results) into.results[key] = answer.results[key];
		else unanswered.push(key);
	}
	return { paced, unanswered };
}

const pick = (commands: Record<string, BitrixCall>, keys: string[]) =>
	Object.fromEntries(keys.map((key) => [key, commands[key]]));

/**
 * One batch of up to 50 commands through the engine (sendCommands: both limits, pacing, retries),
 * sent again for the commands Bitrix24 refused for operating time (pacing) or left out (retried).
 * A request that fails throws the engine's explained error: the poll stops, its state unchanged.
 */
async function runBatch(
	session: Session,
	commands: Record<string, BitrixCall>,
	into: CommandAnswers,
	cost: ReadCost,
): Promise<void> {
	const retries = new Retries(session);
	let pending = commands;
	while (Object.keys(pending).length > 0) {
		const sent = await sendCommands(session, pending);
		cost.requests += 1;
		cost.commands += Object.keys(pending).length;
		const method = Object.values(pending)[0].method;
		if (!sent.ok) throw explained(session, method, sent.failure, sent.gaveUp);
		const { paced, unanswered } = fileAnswer(pending, sent.answer, into, cost);
		if (unanswered.length > 0) {
			const next = await retries.after(UNANSWERED, true);
			if (!next.again) throw explained(session, method, UNANSWERED, next.gaveUp);
		}
		pending = pick(pending, [...paced, ...unanswered]);
	}
}

export function explained(
	session: Session,
	method: string,
	failure: BitrixFailure,
	gaveUp?: string,
) {
	return failureToNodeApiError(session.context.getNode(), failure, {
		method,
		secrets: session.connection.secrets,
		credentialType: session.connection.credentialType,
		gaveUp,
	});
}

/** Runs `work` over `entries`, at most `limit` at a time. */
async function inParallel<T>(entries: T[], limit: number, work: (entry: T) => Promise<void>) {
	let next = 0;
	let failed = false;
	// After a failure the poll is over: the other workers take nothing more.
	const worker = async () => {
		while (!failed && next < entries.length) {
			let done = false;
			try {
				await work(entries[next++]);
				done = true;
			} finally {
				failed ||= !done;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
}

/** Keyed read-only commands in batches of 50, several batches in flight as the settings allow. */
export async function runCommands(
	session: Session,
	commands: Record<string, BitrixCall>,
	cost: ReadCost,
): Promise<CommandAnswers> {
	const into: CommandAnswers = { results: {}, errors: new Map() };
	const keys = Object.keys(commands);
	const batches: Array<Record<string, BitrixCall>> = [];
	for (let start = 0; start < keys.length; start += MAX_BATCH_COMMANDS)
		batches.push(pick(commands, keys.slice(start, start + MAX_BATCH_COMMANDS)));
	const limit = Math.max(1, session.settings.concurrency);
	await inParallel(batches, limit, async (batch) => await runBatch(session, batch, into, cost));
	return into;
}
