import type { IDataObject } from 'n8n-workflow';

import { listedBindingsOf, listedItems } from '../Bitrix24/actions/common/listedBindings';
import { LIST_PAGE_SIZE } from '../Bitrix24/actions/entities';
import type { Session } from '../Bitrix24/engine/session';
import type { BitrixCall } from '../Bitrix24/engine/types';
import type { BitrixFailure } from '../Bitrix24/transport/failure';
import type { CommandAnswers, ReadCost } from './commandRuns';
import { explained, runCommands } from './commandRuns';
import type { ListJob } from './listJobs';
import { firstJobs, listCall, restOfRange } from './listJobs';
import type { Snapshot, Snapshots } from './snapshots';
import type { Watch } from './watch';
import { badInput } from './watch';

/** A listed record's bindings: its bound IDs, ascending, and where the type shows one, its primary. */
export function snapshotOf(watch: Watch, item: IDataObject): Snapshot {
	const listed = listedBindingsOf(watch.source, item);
	return { ids: listed.ids.sort((a, b) => a - b), primary: listed.primary ?? 0 };
}

/**
 * A command's own error ends the poll. A filter Bitrix24 refuses (INVALID_ARG_VALUE, "Invalid
 * filter: field … is not allowed in filter", crm-item-list.md) is the user's input: it is named.
 */
export function commandError(session: Session, watch: Watch, failure: BitrixFailure): Error {
	if (failure.code === 'INVALID_ARG_VALUE' && /filter/i.test(failure.description)) {
		return badInput(
			session.context.getNode(),
			'Filter',
			`Bitrix24 refused it: "${failure.description}"`,
			`Filter only on fields ${watch.family.owner.plural} have (crm.item.fields with entityTypeId ${watch.source.entityTypeId} lists them), in camelCase.`,
		);
	}
	return explained(session, 'crm.item.list', failure);
}

function firstError(session: Session, watch: Watch, answers: CommandAnswers): void {
	const first = answers.errors.values().next();
	if (!first.done) throw commandError(session, watch, first.value);
}

export interface WatchedRead {
	records: Snapshots;
	cost: ReadCost;
}

/** One round of jobs in parallel batches; the next round holds the rest of full ranges. */
async function runRound(
	session: Session,
	watch: Watch,
	jobs: ListJob[],
	read: WatchedRead & { highestId: number },
): Promise<ListJob[]> {
	const commands: Record<string, BitrixCall> = {};
	jobs.forEach((job, index) => (commands[`l${index}`] = listCall(watch, job)));
	const answers = await runCommands(session, commands, read.cost);
	firstError(session, watch, answers);
	const itemsOf = (index: number) => listedItems(answers.results[`l${index}`]);
	// The probe first: a full open range is split up to the highest ID it found.
	jobs.forEach((job, index) => {
		if (job.kind === 'probe')
			read.highestId = Math.max(read.highestId, Number(itemsOf(index)[0]?.id) || 0);
	});
	const next: ListJob[] = [];
	jobs.forEach((job, index) => {
		if (job.kind === 'probe') return;
		const items = itemsOf(index);
		for (const item of items) read.records.set(Number(item.id), snapshotOf(watch, item));
		if (job.kind === 'range' && items.length >= LIST_PAGE_SIZE)
			next.push(...restOfRange(job, Number(items[items.length - 1].id), read.highestId));
	});
	return next;
}

/**
 * The bindings of every watched record, read the cheapest documented way: crm.item.list with the
 * bound IDs in `select`, `start = -1`, paged by ID ranges built from the records `known` from the
 * last poll (ascending), 50 commands a batch. Throws on any failure: nothing partial comes back.
 */
export async function readWatched(
	session: Session,
	watch: Watch,
	known: number[],
	cost: ReadCost,
): Promise<WatchedRead> {
	const read = { records: new Map() as Snapshots, cost, highestId: 0 };
	let jobs = firstJobs(watch, known);
	while (jobs.length > 0) jobs = await runRound(session, watch, jobs, read);
	return { records: read.records, cost };
}
