import type { ItemRun, WorkQueue } from './workQueue';

/**
 * The fewest commands a request carries when the last of a run are spread over the lanes: below
 * that, the bucket would pay a request for little server time saved (6 commands go as one).
 */
export const MIN_SPREAD_COMMANDS = 5;

/**
 * Whether two of the runs are about one record (their calls' `subject`, "contact 54"). Requests in
 * flight may run in any order, and in one request the commands run in the items' order, so such
 * runs stay packed: the last item of the run decides the record, as n8n users expect.
 */
function nameOneRecordTwice(runs: ItemRun[]): boolean {
	const seen = new Set<string>();
	for (const run of runs) {
		const subjects = new Set(run.plan.calls.map((call) => call.subject));
		for (const subject of subjects) {
			if (subject === undefined) continue;
			if (seen.has(subject)) return true;
			seen.add(subject);
		}
	}
	return false;
}

/**
 * How many commands the next request takes. A batch runs its commands one after another on the
 * portal, so when everything left fits in the lanes free now, it is shared evenly among them (a
 * Set of 30 items: 8 requests of 3 or 4 items instead of one of 25 and one of 5, about a sixth of
 * the wait). Only while the bucket has room for twice the free lanes' requests: a busy bucket
 * gets full ones.
 */
export function commandsForNextRequest(
	queue: WorkQueue,
	maxCommands: number,
	freeLanes: number,
	bucketRoom: number,
): number {
	if (freeLanes <= 1 || bucketRoom < 2 * freeLanes) return maxCommands;
	const ahead = queue.lookAhead(freeLanes * maxCommands);
	if (!ahead.all || nameOneRecordTwice(ahead.runs)) return maxCommands;
	const lanes = Math.min(freeLanes, Math.floor(ahead.commands / MIN_SPREAD_COMMANDS));
	return lanes <= 1 ? maxCommands : Math.ceil(ahead.commands / lanes);
}
