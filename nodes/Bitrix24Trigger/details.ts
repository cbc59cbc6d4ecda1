import type { IDataObject } from 'n8n-workflow';

import { bindingsOutput } from '../Bitrix24/actions/common/bindings';
import type { Session } from '../Bitrix24/engine/session';
import type { BitrixCall } from '../Bitrix24/engine/types';
import type { ReadCost } from './commandRuns';
import { explained, runCommands } from './commandRuns';
import { idJobs, listCall } from './listJobs';
import { listedItems } from '../Bitrix24/actions/common/listedBindings';
import type { Watch } from './watch';

/**
 * The bindings of the changed records as the Get operation shows them (SORT, ROLE_ID and the
 * primary flag, which the list does not carry), through `{prefix}.items.get`: one command per
 * changed record, so only a poll with changes pays for them. A record whose read fails (deleted in
 * between, say) is left out: its change is not emitted and its state not advanced, so the next
 * poll sees it again.
 */
export async function bindingsNow(
	session: Session,
	watch: Watch,
	ownerIds: number[],
	cost: ReadCost,
): Promise<Map<number, IDataObject[]>> {
	const commands: Record<string, BitrixCall> = {};
	for (const ownerId of ownerIds) {
		commands[`g${ownerId}`] = {
			method: `${watch.family.methodPrefix}.items.get`,
			params: { id: ownerId },
		};
	}
	const answers = await runCommands(session, commands, cost);
	const bindings = new Map<number, IDataObject[]>();
	for (const ownerId of ownerIds) {
		const key = `g${ownerId}`;
		if (key in answers.results)
			bindings.set(ownerId, bindingsOutput(watch.family, answers.results[key]));
	}
	return bindings;
}

/** The primary among bindings in Get's shape, or null. */
export function primaryIn(watch: Watch, bindings: IDataObject[] | undefined): number | null {
	const primary = bindings?.find((binding) => binding.isPrimary === true);
	return primary ? Number(primary[watch.family.bound.idParameter]) : null;
}

/**
 * Which of the records that left a filtered watch still exist: the same list without the filter,
 * by ID. Those are no longer watched; the others were deleted.
 */
export async function stillExisting(
	session: Session,
	watch: Watch,
	ownerIds: number[],
	cost: ReadCost,
): Promise<Set<number>> {
	if (watch.mode !== 'filter' || ownerIds.length === 0) return new Set();
	const commands: Record<string, BitrixCall> = {};
	idJobs(ownerIds, true).forEach((job, index) => (commands[`e${index}`] = listCall(watch, job)));
	const answers = await runCommands(session, commands, cost);
	const first = answers.errors.values().next();
	if (!first.done) throw explained(session, 'crm.item.list', first.value);
	const existing = new Set<number>();
	for (const result of Object.values(answers.results))
		for (const item of listedItems(result)) existing.add(Number(item.id));
	return existing;
}
