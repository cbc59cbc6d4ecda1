import type { Session } from '../engine/session';
import { findRecords } from './lookups/round';
import type { ItemPlanner } from './planner';

/**
 * Finds the records the waiting items name by a value, and plans those items with their IDs.
 * The items still to plan are planned in turns (planAll) while the round's requests are out, so
 * their lookups are ready when a request has room; the round plans more itself when they are not.
 */
export async function findNamedRecords(session: Session, planner: ItemPlanner): Promise<void> {
	if (!planner.awaitsLookups()) return;
	const [found] = await Promise.all([
		findRecords(session, planner.lookupsToFind()),
		planner.planAll(),
	]);
	planner.planFound(found);
}
