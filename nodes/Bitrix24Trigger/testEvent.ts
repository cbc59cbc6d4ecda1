import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Session } from '../Bitrix24/engine/session';
import type { BitrixCall } from '../Bitrix24/engine/types';
import { changeItems } from './changeItems';
import type { Change } from './changes';
import { changeIdOf } from './changes';
import type { ReadCost } from './commandRuns';
import { runCommands } from './commandRuns';
import { bindingsNow } from './details';
import { listReadSelect, listedItems } from '../Bitrix24/actions/common/listedBindings';
import { idJobs, listCall } from './listJobs';
import { commandError, snapshotOf } from './readWatched';
import type { Watch } from './watch';

/** How many records a test event shows: enough to map the fields, few enough to read. */
const SHOWN = 3;

/** The newest watched records (highest IDs): one list call, newest first. */
function newestCall(watch: Watch): BitrixCall {
	if (watch.mode === 'ids') return listCall(watch, idJobs(watch.ids.slice(-50))[0]);
	const call = listCall(watch, { kind: 'probe' });
	return { ...call, params: { ...call.params, select: listReadSelect(watch.source) } };
}

/**
 * "Fetch Test Event": real data shaped like a change, for mapping the fields. The newest watched
 * records with bindings show as if they had just been created; the remembered state is neither
 * read nor changed.
 */
export async function testEvent(
	session: Session,
	watch: Watch,
	cost: ReadCost,
): Promise<IDataObject[]> {
	const answers = await runCommands(session, { newest: newestCall(watch) }, cost);
	const failure = answers.errors.get('newest');
	if (failure) throw commandError(session, watch, failure);
	const items = listedItems(answers.results.newest).sort((a, b) => Number(b.id) - Number(a.id));
	if (items.length === 0) {
		throw new NodeOperationError(session.context.getNode(), 'No watched record was found', {
			description: `No ${watch.family.owner.label} matches what the trigger watches. Check the Watch setting, the Filter or the Record IDs.`,
		});
	}
	const snapshots = items.map((item) => ({ id: Number(item.id), now: snapshotOf(watch, item) }));
	const withBindings = snapshots.filter(({ now }) => now.ids.length > 0);
	const shown = (withBindings.length > 0 ? withBindings : snapshots).slice(0, SHOWN);
	const changes: Change[] = shown.map(({ id, now }) => ({
		ownerId: id,
		kind: 'created',
		after: now,
		changeId: changeIdOf(watch, 0, id, undefined, now),
	}));
	const bindings = await bindingsNow(
		session,
		watch,
		shown.map(({ id }) => id),
		cost,
	);
	return changeItems(watch, changes, bindings);
}
