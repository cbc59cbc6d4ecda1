import type { Session } from '../engine/session';
import type { ItemOutcome, ItemPlan } from '../engine/types';
import { readListed } from './bulkReads';
import { findNamedRecords } from './namedRecords';
import type { ItemPlanner } from './planner';

type RunItems = (plans: Iterable<ItemPlan>) => Promise<Map<number, ItemOutcome>>;

/**
 * The rounds that go before the calls of the items waiting for them: first the lookups (records
 * named by e-mail, phone, name or tax ID, namedRecords.ts), then the bulk reads (Skip Unchanged,
 * bulkReads.ts), which need the IDs the lookups found. Every item is planned first, so that each
 * round holds all of the run's values.
 */
async function runRounds(session: Session, planner: ItemPlanner): Promise<void> {
	await findNamedRecords(session, planner);
	await planner.planAll();
	planner.planListed(await readListed(session, planner.bulkReads()));
}

/**
 * Runs the items with their rounds ahead of their calls. With `roundsFirst` (no continue-on-fail,
 * so every item is planned already) the rounds go before any item's calls: a value that finds no
 * record, or several, stops the run before anything changes. With continue-on-fail the items run
 * until one waits for a round; then the rounds run, planning the rest, and the rest run.
 */
export async function runWithRoundsFirst(
	session: Session,
	planner: ItemPlanner,
	run: RunItems,
	roundsFirst: boolean,
): Promise<Map<number, ItemOutcome>> {
	if (roundsFirst || planner.awaitsRound()) await runRounds(session, planner);
	const outcomes = await run(planner);
	while (planner.awaitsRound()) {
		await runRounds(session, planner);
		for (const [itemIndex, outcome] of await run(planner)) outcomes.set(itemIndex, outcome);
	}
	return outcomes;
}
