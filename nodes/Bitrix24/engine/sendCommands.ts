import type { BatchAnswer } from '../transport/batch';
import { batchCommand, batchParams, commandFailure, readBatchAnswer } from '../transport/batch';
import type { BitrixFailure } from '../transport/failure';
import { methodExhausted, recordTime } from './admission';
import type { Sender } from './send';
import { send } from './send';
import type { BitrixCall } from './types';

export type CommandsAnswer =
	| { ok: true; answer: BatchAnswer }
	| { ok: false; failure: BitrixFailure; gaveUp?: string };

/**
 * Commands that belong to no input item (a picker's list calls), in one batch request under the
 * caller's keys: admitted under both limits, paced and retried like the operations' requests,
 * and each command's time read into its method's budget. A command's own error stays in the
 * answer for the caller to judge.
 */
export async function sendCommands(
	sender: Sender,
	commands: Record<string, BitrixCall>,
): Promise<CommandsAnswer> {
	const cmd: Record<string, string> = {};
	for (const [key, call] of Object.entries(commands))
		cmd[key] = batchCommand(call.method, call.params);
	const sent = await send(
		sender,
		'batch',
		batchParams(cmd),
		Object.values(commands).map((call) => call.method),
	);
	if (!sent.answer.ok) return { ok: false, failure: sent.answer.failure, gaveUp: sent.gaveUp };
	const answer = readBatchAnswer(sent.answer.result);
	for (const [key, call] of Object.entries(commands)) {
		recordTime(sender, call.method, answer.times[key], sent.clockOffsetMs);
		if (commandFailure(answer, key)?.retry === 'operatingLimit')
			methodExhausted(sender, call.method);
	}
	return { ok: true, answer };
}
