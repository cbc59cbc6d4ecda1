import type { BatchAnswer } from '../transport/batch';
import { batchCommand, batchParams, readBatchAnswer } from '../transport/batch';
import type { BitrixFailure } from '../transport/failure';
import { send } from './send';
import type { Session } from './session';
import { accountBatchAnswer } from './timeAccounting';
import type { BitrixCall } from './types';

export type CommandsAnswer =
	| { ok: true; answer: BatchAnswer }
	| { ok: false; failure: BitrixFailure; gaveUp?: string };

/**
 * Commands in one `batch` request under the caller's keys: admitted under both limits, paced and
 * retried (send.ts), and each command's time read into its method's account. The one way a batch
 * is sent, for the items' calls (runPlans.ts) and for a picker's list calls alike. A command's
 * own error stays in the answer for the caller to judge.
 */
export async function sendCommands(
	session: Session,
	commands: Record<string, BitrixCall>,
): Promise<CommandsAnswer> {
	const cmd: Record<string, string> = {};
	const sentCommands = Object.entries(commands).map(([key, call]) => {
		cmd[key] = batchCommand(call.method, call.params);
		return { key, method: call.method };
	});
	const sent = await send(session, {
		method: 'batch',
		params: batchParams(cmd),
		commandMethods: sentCommands.map((command) => command.method),
		repeatSafe: Object.values(commands).every((call) => call.repeatSafe !== false),
	});
	if (!sent.answer.ok) return { ok: false, failure: sent.answer.failure, gaveUp: sent.gaveUp };
	const answer = readBatchAnswer(sent.answer.result);
	accountBatchAnswer(session, sentCommands, answer, sent.clockOffsetMs);
	return { ok: true, answer };
}
