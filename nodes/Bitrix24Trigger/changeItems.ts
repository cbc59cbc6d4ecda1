import type { IDataObject } from 'n8n-workflow';

import type { Change } from './changes';
import { primaryIn } from './details';
import type { Snapshot, Snapshots } from './snapshots';
import type { Watch } from './watch';

const without = (ids: number[], others: number[]) => ids.filter((id) => !others.includes(id));

/**
 * One output item per changed record: its ID, its bindings now as Get shows them (all in one
 * item, as Get's "All Bindings in One Item"), the bound IDs added and removed, the primary before
 * and after, and the change ID a later step can drop a repeat by.
 */
export function changeItem(
	watch: Watch,
	change: Change,
	bindings: IDataObject[] | undefined,
): IDataObject {
	const { owner, bound } = watch.family;
	const beforeIds = change.before?.ids ?? [];
	const afterIds = change.after?.ids ?? [];
	return {
		changeId: change.changeId,
		change: change.kind,
		resource: watch.family.resource,
		[owner.idParameter]: change.ownerId,
		[bound.plural]: bindings ?? [],
		addedIds: without(afterIds, beforeIds),
		removedIds: without(beforeIds, afterIds),
		primaryBefore: change.before?.primary || null,
		primaryAfter: change.kind === 'deleted' ? null : primaryIn(watch, bindings),
	};
}

/**
 * The state to remember after a poll: the records as read, except that a record whose change
 * could not be read in full keeps what was remembered (or stays unknown), so the next poll
 * emits it. Where the list shows no primary, the primary is the one Get showed last.
 */
export function nextRecords(
	watch: Watch,
	before: Snapshots,
	read: Snapshots,
	changes: Change[],
	bindings: Map<number, IDataObject[]>,
): Snapshots {
	const records: Snapshots = new Map();
	const changed = new Map(changes.map((change) => [change.ownerId, change]));
	for (const [ownerId, now] of read) {
		const was = before.get(ownerId);
		const change = changed.get(ownerId);
		if (change && !bindings.has(ownerId)) {
			if (was) records.set(ownerId, was);
			continue;
		}
		records.set(ownerId, withPrimary(watch, now, was, change && bindings.get(ownerId)));
	}
	return records;
}

function withPrimary(
	watch: Watch,
	now: Snapshot,
	was: Snapshot | undefined,
	bindings: IDataObject[] | undefined,
): Snapshot {
	if (watch.source.primaryField) return now;
	const primary = bindings ? primaryIn(watch, bindings) : (was?.primary ?? 0);
	return { ids: now.ids, primary: primary && now.ids.includes(primary) ? primary : 0 };
}

/**
 * The items of a poll's changes, by record ID. A change whose bindings could not be read is left
 * out (and its record keeps its remembered state); a deletion needs no read.
 */
export function changeItems(
	watch: Watch,
	changes: Change[],
	bindings: Map<number, IDataObject[]>,
): IDataObject[] {
	return changes
		.filter((change) => change.kind === 'deleted' || bindings.has(change.ownerId))
		.sort((a, b) => a.ownerId - b.ownerId)
		.map((change) => changeItem(watch, change, bindings.get(change.ownerId)));
}
