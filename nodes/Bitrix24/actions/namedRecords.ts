import type { Session } from '../engine/session';
import type { ItemOutcome, ItemPlan } from '../engine/types';
import { findRecords } from './lookups/round';
import type { ItemPlanner } from './planner';

type RunItems = (plans: Iterable<ItemPlan>) => Promise<Map<number, ItemOutcome>>;

/**
 * Finds the records the waiting items name by a value, and plans those items with their IDs.
 * The items still to plan are planned in turns (planAll) while the round's requests are out, so
 * their lookups are ready when a request has room; the round plans more itself when they are not.
 */
async function findNamedRecords(session: Session, planner: ItemPlanner): Promise<void> {
	if (!planner.awaitsLookups()) return;
	const [found] = await Promise.all([
		findRecords(session, planner.lookupsToFind()),
		planner.planAll(),
	]);
	planner.planFound(found);
}

/**
 * Runs the items with the lookup round (lookups/round.ts) ahead of the calls of every item that
 * names a record by e-mail, phone, name or tax ID. With `lookupsFirst` (no continue-on-fail, so
 * every item is planned already) the round goes before any item's calls: a value that finds no
 * record, or several, stops the run before anything changes. With continue-on-fail the round goes
 * first when the first item that needs Bitrix24 names a record that way, planning the rest as it
 * sends; otherwise the items run until one does, then the round, then the rest.
 */
export async function runWithLookups(
	session: Session,
	planner: ItemPlanner,
	run: RunItems,
	lookupsFirst: boolean,
): Promise<Map<number, ItemOutcome>> {
	if (lookupsFirst || planner.awaitsLookups()) await findNamedRecords(session, planner);
	const outcomes = await run(planner);
	if (!planner.awaitsLookups()) return outcomes;
	await findNamedRecords(session, planner);
	for (const [itemIndex, outcome] of await run(planner)) outcomes.set(itemIndex, outcome);
	return outcomes;
}
