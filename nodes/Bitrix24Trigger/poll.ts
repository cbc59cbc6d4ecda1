import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { BindingFamily } from '../Bitrix24/actions/families';
import type { Session } from '../Bitrix24/engine/session';
import { openSession } from '../Bitrix24/engine/session';
import type { EngineSettings } from '../Bitrix24/engine/types';
import { DEFAULT_ENGINE_SETTINGS } from '../Bitrix24/engine/types';
import { resolvePortal } from '../Bitrix24/transport/portal';
import { budgetVerdict, checkBudgetAtActivation, pollIntervalMs, reportBudget } from './budget';
import { changeItems, nextRecords } from './changeItems';
import { compareSnapshots, deletions } from './changes';
import type { ReadCost } from './commandRuns';
import { noCost } from './commandRuns';
import { bindingsNow, stillExisting } from './details';
import { readWatched } from './readWatched';
import type { RememberedState, Snapshots } from './snapshots';
import { loadState, saveState } from './snapshots';
import { testEvent } from './testEvent';
import type { Watch } from './watch';
import { readWatch, watchKey } from './watch';

/** Where n8n gives a poll no budget of its own (n8n 1.x), the limits may hold it this long. */
const DEFAULT_POLL_BUDGET_MS = 10 * 60_000;

/** The engine's settings, with waits for the limits bounded by the time n8n gives a poll. */
function pollSettings(context: IPollFunctions): EngineSettings {
	const budget =
		typeof context.getPollBudgetMs === 'function'
			? context.getPollBudgetMs()
			: DEFAULT_POLL_BUDGET_MS;
	return { ...DEFAULT_ENGINE_SETTINGS, maxLimitWaitMs: Math.max(60_000, budget - 30_000) };
}

export interface PollRun {
	items: IDataObject[];
	cost: ReadCost;
	records: number;
}

/** Compares what was read with what was remembered, reads the details of the changes. */
async function changesSince(
	session: Session,
	watch: Watch,
	remembered: RememberedState,
	read: Snapshots,
	cost: ReadCost,
): Promise<{ items: IDataObject[]; records: Snapshots }> {
	const { generation, records: before } = remembered;
	const compared = compareSnapshots(watch, generation, before, read);
	const existing = await stillExisting(session, watch, compared.missing, cost);
	const changes = [
		...compared.changes,
		...deletions(watch, generation, before, compared.missing, existing),
	];
	const toRead = changes.filter((change) => change.kind !== 'deleted').map((c) => c.ownerId);
	const bindings = await bindingsNow(session, watch, toRead, cost);
	return {
		items: changeItems(watch, changes, bindings),
		records: nextRecords(watch, before, read, changes, bindings),
	};
}

/**
 * One poll in an active workflow. The first records what is there and emits nothing; later ones
 * (a restart's activation included) emit what changed since. The state is replaced only at the
 * end, after everything was read: a poll that fails leaves it as it was.
 */
async function watchPoll(
	context: IPollFunctions,
	session: Session,
	watch: Watch,
): Promise<PollRun> {
	const staticData = context.getWorkflowStaticData('node');
	const key = watchKey(watch, session.connection.origin);
	const remembered = loadState(staticData, key);
	const cost = noCost();
	const read = await readWatched(session, watch, [...(remembered?.records.keys() ?? [])], cost);
	const verdict = budgetVerdict(
		cost,
		read.records.size,
		pollIntervalMs(context),
		session.limits.operatingWindow,
	);
	if (!remembered) {
		checkBudgetAtActivation(context, verdict);
		saveState(staticData, { key, generation: 0, records: read.records });
		return { items: [], cost, records: read.records.size };
	}
	reportBudget(context, verdict);
	const found = await changesSince(session, watch, remembered, read.records, cost);
	const generation = remembered.generation + (found.items.length > 0 ? 1 : 0);
	saveState(staticData, { key, generation, records: found.records });
	return { items: found.items, cost, records: read.records.size };
}

/** The trigger's poll: a test event when run by hand, else the changes since the last poll. */
export async function pollBindings(
	context: IPollFunctions,
	families: readonly BindingFamily[],
): Promise<PollRun> {
	const watch = readWatch(context, families);
	const portal = await resolvePortal(context, watch.authentication);
	const session = openSession(context, portal, pollSettings(context), 0);
	if (context.getMode() === 'manual') {
		const cost = noCost();
		const items = await testEvent(session, watch, cost);
		return { items, cost, records: items.length };
	}
	const run = await watchPoll(context, session, watch);
	context.logger.info(
		`Bitrix24 Trigger: ${run.records} ${watch.family.owner.plural} read in ${run.cost.requests} requests, ${run.items.length} changed`,
	);
	return run;
}

export function toOutput(run: PollRun): INodeExecutionData[][] | null {
	return run.items.length > 0 ? [run.items.map((json) => ({ json }))] : null;
}
