import type { IDataObject } from 'n8n-workflow';

import { listReadSelect } from '../Bitrix24/actions/common/listedBindings';
import { LIST_PAGE_SIZE } from '../Bitrix24/actions/entities';
import type { BitrixCall } from '../Bitrix24/engine/types';
import type { Watch } from './watch';

/*
 * The list calls of a poll, as "jobs". crm.item.list answers at most 50 records a call
 * (b24restdocs api-reference/crm/universal/crm-item-list.md, `start`); with `start = -1` it skips
 * counting the total and is paged by a filter on the last ID read (settings/performance/huge-data.md).
 * The trigger pages by ID ranges that do not depend on each other, so up to 50 of them go in one
 * batch request and several batches at once:
 * - `range`: the watched records with above < ID ≤ upTo, ascending; a full page means more follow.
 * - `ids`: the watched records among up to 50 given IDs (`@id`, "in the list").
 * - `probe`: the highest watched ID, so that a range found larger than expected can be split.
 */
export type ListJob =
	| { kind: 'range'; above: number; upTo: number }
	| { kind: 'ids'; ids: number[]; unfiltered?: boolean }
	| { kind: 'probe' };

/** Known records per range: room for a few newcomers before a range overflows its page. */
export const KNOWN_PER_RANGE = 45;
/** Records a range split off an overflow is meant to hold, by the density seen so far. */
const EXPECTED_PER_PIECE = 40;
/** One overflow never splits into more ranges than this; their own overflows split again. */
const MAX_PIECES = 1000;

/** The crm.item.list call of a job. */
export function listCall(watch: Watch, job: ListJob): BitrixCall {
	const base = { entityTypeId: watch.source.entityTypeId, start: -1 };
	if (job.kind === 'probe') {
		const params = { ...base, select: ['id'], filter: watch.filter, order: { id: 'DESC' } };
		return { method: 'crm.item.list', params };
	}
	let filter: IDataObject;
	if (job.kind === 'ids') filter = { ...(job.unfiltered ? {} : watch.filter), '@id': job.ids };
	else {
		filter = { ...watch.filter, '>id': job.above };
		if (Number.isFinite(job.upTo)) filter['<=id'] = job.upTo;
	}
	const select = job.kind === 'ids' && job.unfiltered ? ['id'] : listReadSelect(watch.source);
	return { method: 'crm.item.list', params: { ...base, select, filter, order: { id: 'ASC' } } };
}

/** Up to 50 IDs a job. */
export function idJobs(ids: number[], unfiltered = false): ListJob[] {
	const jobs: ListJob[] = [];
	for (let start = 0; start < ids.length; start += LIST_PAGE_SIZE)
		jobs.push({ kind: 'ids', ids: ids.slice(start, start + LIST_PAGE_SIZE), unfiltered });
	return jobs;
}

/**
 * The first jobs of a poll. By IDs: the IDs in pages. Otherwise: the records remembered, in
 * ranges of 45, then everything above the highest of them.
 */
export function firstJobs(watch: Watch, known: number[]): ListJob[] {
	if (watch.mode === 'ids') return idJobs(watch.ids);
	const jobs: ListJob[] = [];
	let above = 0;
	for (let start = 0; start < known.length; start += KNOWN_PER_RANGE) {
		const upTo = known[Math.min(start + KNOWN_PER_RANGE, known.length) - 1];
		jobs.push({ kind: 'range', above, upTo });
		above = upTo;
	}
	jobs.push({ kind: 'range', above, upTo: Infinity });
	return jobs;
}

/**
 * A range whose page was full: the rest of it (above `lastId`), split by the density of records
 * its page showed, so the pieces go out together instead of one page after another. An open range
 * ends at the probe's highest ID, with an open range after it for records added meanwhile.
 */
export function restOfRange(
	job: { above: number; upTo: number },
	lastId: number,
	highestId: number,
): ListJob[] {
	// The highest ID is asked for only when an open range turns out full: most polls find few new records.
	if (!Number.isFinite(job.upTo) && highestId === 0)
		return [{ kind: 'probe' }, { kind: 'range', above: lastId, upTo: Infinity }];
	const density = LIST_PAGE_SIZE / Math.max(1, lastId - job.above);
	const end = Number.isFinite(job.upTo) ? job.upTo : Math.max(highestId, lastId);
	const pieces: ListJob[] = [];
	const span = end - lastId;
	if (span > 0) {
		const count = Math.min(
			MAX_PIECES,
			Math.max(1, Math.ceil((span * density) / EXPECTED_PER_PIECE)),
		);
		const width = Math.ceil(span / count);
		for (let above = lastId; above < end; above += width)
			pieces.push({ kind: 'range', above, upTo: Math.min(end, above + width) });
	}
	if (!Number.isFinite(job.upTo)) pieces.push({ kind: 'range', above: end, upTo: Infinity });
	return pieces;
}
