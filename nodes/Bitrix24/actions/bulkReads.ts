import { runPlans } from '../engine/runPlans';
import type { Session } from '../engine/session';
import { inOwnRound } from '../engine/session';
import type { ItemPlan } from '../engine/types';
import type { ListedBindings } from './common/listedBindings';
import { listReadCall, listedBindingsOf, listedItems } from './common/listedBindings';
import type { BulkRead } from './common/operationPlan';
import { LIST_PAGE_SIZE } from './entities';

/**
 * The bulk-read round: the bindings of every record the waiting items read first (Skip
 * Unchanged), 50 records a crm.item.list command, spread over the lanes as every run's last
 * requests are (engine/spread.ts), through the engine under the run's limits, before those
 * items' own calls. A record the answers do not hold (a failed command, or a record the list does
 * not show) is left out: its item reads it alone.
 */
export async function readListed(
	session: Session,
	reads: BulkRead[],
): Promise<Map<number, ListedBindings>> {
	const listed = new Map<number, ListedBindings>();
	if (reads.length === 0) return listed;
	// One run binds one family, so every read lists the same record type.
	const source = reads[0].source;
	const ownerIds = [...new Set(reads.map((read) => read.ownerId))];
	const plans: ItemPlan[] = [];
	for (let start = 0; start < ownerIds.length; start += LIST_PAGE_SIZE) {
		const call = listReadCall(source, ownerIds.slice(start, start + LIST_PAGE_SIZE));
		plans.push({ itemIndex: plans.length, calls: [call] });
	}
	const outcomes = await inOwnRound(session, async (round) => await runPlans(round, plans));
	for (const outcome of outcomes.values()) {
		if (!outcome.ok) {
			const why = outcome.failure.code || outcome.failure.transportProblem || 'no answer';
			session.context.logger.warn(
				`Bitrix24: a list read for Skip Unchanged failed (${why}); its records are read one by one`,
			);
			continue;
		}
		for (const item of listedItems(outcome.results[0]))
			listed.set(Number(item.id), listedBindingsOf(source, item));
	}
	return listed;
}
