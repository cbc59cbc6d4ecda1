import type { Snapshot, Snapshots } from './snapshots';
import { fingerprintOf } from './snapshots';
import type { Watch } from './watch';
import { fingerprint } from './watch';

/**
 * How a record's change shows:
 * - `changed`: a record watched before whose bound IDs or primary differ;
 * - `created`: a record new to the watched set (created, or now matching the filter) that comes
 *   with bindings; one without bindings is remembered quietly;
 * - `deleted`: a watched record that had bindings and no longer exists.
 */
export type ChangeKind = 'changed' | 'created' | 'deleted';

export interface Change {
	ownerId: number;
	kind: ChangeKind;
	before?: Snapshot;
	after?: Snapshot;
	changeId: string;
}

/** What the poll compares: without a primary in the list, the bound IDs alone. */
function comparable(watch: Watch, snapshot: Snapshot | undefined): string {
	if (watch.source.primaryField || !snapshot) return fingerprintOf(snapshot);
	return snapshot.ids.join(',');
}

/**
 * The same change read again (after n8n stopped before storing the state) gets the same ID: it is
 * made of what was read and of the count of polls that emitted, which only a stored poll raises.
 */
export function changeIdOf(
	watch: Watch,
	generation: number,
	ownerId: number,
	before: Snapshot | undefined,
	after: Snapshot | undefined,
): string {
	const what = `${watch.family.resource}|${ownerId}|${generation}|${comparable(watch, before)}>${comparable(watch, after)}`;
	return fingerprint(what);
}

export interface Comparison {
	changes: Change[];
	/** Remembered records the read did not list: deleted, or no longer matching the filter. */
	missing: number[];
}

/** Every difference between the remembered records and the ones read now. */
export function compareSnapshots(
	watch: Watch,
	generation: number,
	before: Snapshots,
	after: Snapshots,
): Comparison {
	const changes: Change[] = [];
	const change = (ownerId: number, kind: ChangeKind) => {
		const [was, now] = [before.get(ownerId), after.get(ownerId)];
		const changeId = changeIdOf(watch, generation, ownerId, was, now);
		changes.push({ ownerId, kind, before: was, after: now, changeId });
	};
	for (const [ownerId, now] of after) {
		const was = before.get(ownerId);
		if (!was) {
			if (now.ids.length > 0) change(ownerId, 'created');
		} else if (comparable(watch, was) !== comparable(watch, now)) change(ownerId, 'changed');
	}
	const missing = [...before.keys()].filter((ownerId) => !after.has(ownerId));
	return { changes, missing };
}

/** The deletions among the missing records that had bindings, given the ones that still exist. */
export function deletions(
	watch: Watch,
	generation: number,
	before: Snapshots,
	missing: number[],
	stillExisting: Set<number>,
): Change[] {
	return missing
		.filter((ownerId) => !stillExisting.has(ownerId) && (before.get(ownerId)?.ids.length ?? 0) > 0)
		.map((ownerId) => ({
			ownerId,
			kind: 'deleted' as const,
			before: before.get(ownerId),
			changeId: changeIdOf(watch, generation, ownerId, before.get(ownerId), undefined),
		}));
}
