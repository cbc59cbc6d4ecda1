/** The trigger's pure parts: the state's encoding, the ID ranges, and the change IDs. */
import { restOfRange, firstJobs } from '../../nodes/Bitrix24Trigger/listJobs';
import { decodeSnapshots, encodeSnapshots } from '../../nodes/Bitrix24Trigger/snapshots';
import type { Snapshots } from '../../nodes/Bitrix24Trigger/snapshots';
import { BINDING_FAMILIES } from '../../nodes/Bitrix24/actions/families';
import type { Watch } from '../../nodes/Bitrix24Trigger/watch';
import { changeIdOf } from '../../nodes/Bitrix24Trigger/changes';

const family = BINDING_FAMILIES[0];
const watch: Watch = {
	authentication: 'webhook',
	family,
	source: family.listRead!,
	mode: 'all',
	filter: {},
	ids: [],
};

it('encodes records compactly and reads them back', () => {
	const records: Snapshots = new Map([
		[54, { ids: [7, 8, 9], primary: 7 }],
		[50, { ids: [], primary: 0 }],
		[100_000, { ids: [123_456], primary: 123_456 }],
	]);
	const text = encodeSnapshots(records);
	expect(text).toBe('1e:;4:!7,8,9;254a:!2n9c');
	expect(decodeSnapshots(text)).toEqual(new Map([...records].sort(([a], [b]) => a - b)));
	expect(decodeSnapshots('x')).toBeUndefined();
});

it('pages remembered records in ranges of 45, then everything above them', () => {
	const known = Array.from({ length: 100 }, (_, i) => (i + 1) * 2);
	expect(firstJobs(watch, known)).toEqual([
		{ kind: 'range', above: 0, upTo: 90 },
		{ kind: 'range', above: 90, upTo: 180 },
		{ kind: 'range', above: 180, upTo: 200 },
		{ kind: 'range', above: 200, upTo: Infinity },
	]);
	expect(firstJobs({ ...watch, mode: 'ids', ids: [5, 6] }, [])).toEqual([
		{ kind: 'ids', ids: [5, 6], unfiltered: false },
	]);
});

it('splits the rest of a full range by the density its page showed', () => {
	// An open range: first the highest ID, then pieces of about 40 records up to it.
	expect(restOfRange({ above: 0, upTo: Infinity }, 100, 0)).toEqual([
		{ kind: 'probe' },
		{ kind: 'range', above: 100, upTo: Infinity },
	]);
	// Its page held 50 records over 100 IDs: 1,000 IDs more hold about 500, in 13 pieces of ≤ 40.
	const pieces = restOfRange({ above: 100, upTo: Infinity }, 200, 1_200);
	expect(pieces).toHaveLength(14);
	expect(pieces[0]).toEqual({ kind: 'range', above: 200, upTo: 277 });
	pieces
		.slice(1)
		.forEach((piece, index) =>
			expect(piece).toMatchObject({ above: (pieces[index] as { upTo: number }).upTo }),
		);
	expect(pieces.at(-1)).toEqual({ kind: 'range', above: 1_200, upTo: Infinity });
	expect(restOfRange({ above: 0, upTo: 60 }, 55, 0)).toEqual([
		{ kind: 'range', above: 55, upTo: 60 },
	]);
});

it('gives a change the same ID when read again, and a new one after a stored poll', () => {
	const before = { ids: [7], primary: 7 };
	const after = { ids: [7, 8], primary: 7 };
	const id = changeIdOf(watch, 3, 54, before, after);
	expect(changeIdOf(watch, 3, 54, before, after)).toBe(id);
	expect(changeIdOf(watch, 4, 54, before, after)).not.toBe(id);
	expect(changeIdOf(watch, 3, 55, before, after)).not.toBe(id);
	expect(id).toMatch(/^[0-9a-f]{16}$/);
});
