/**
 * Skip Unchanged's verdict from a crm.item.list read (no SORT, no role): which differences the
 * list shows, and where it must leave the record to be read alone (undefined).
 */
import type { BindingRequest } from '../../nodes/Bitrix24/actions/common/bindings';
import type { ListedBindings } from '../../nodes/Bitrix24/actions/common/listedBindings';
import { setDiffersListed } from '../../nodes/Bitrix24/actions/common/skipUnchanged';

const listed = (ids: number[], primary?: number, bySort = true): ListedBindings => ({
	ids,
	primary,
	bySort,
});
const asked = (...entries: Array<number | [number, boolean, number?]>): BindingRequest[] =>
	entries.map((entry) =>
		typeof entry === 'number'
			? { boundId: entry, isPrimary: false }
			: { boundId: entry[0], isPrimary: entry[1], sort: entry[2] },
	);

it.each([
	['the same records, primary and order', listed([7, 8], 7), asked(7, 8), false],
	['one record, the same', listed([7], 7), asked(7), false],
	['nothing bound, nothing asked', listed([], 0), asked(), false],
	['a record more', listed([7], 7), asked(7, 8), true],
	['a record fewer', listed([7, 8], 7), asked(7), true],
	['another record', listed([7], 7), asked(8), true],
	['another primary, marked', listed([7, 8], 7), asked(7, [8, true]), true],
	['another primary, the first by default', listed([7, 8], 8), asked(7, 8), true],
	['another order, listed by SORT', listed([8, 7], 7), asked([7, true], 8), true],
	[
		'a SORT given: the list does not show it',
		listed([7, 8], 7),
		asked([7, true, 100], 8),
		undefined,
	],
	['two records, the list not by SORT', listed([7, 8], 7, false), asked(7, 8), undefined],
	['one record, the list not by SORT', listed([7], 7, false), asked(7), false],
	['no primary shown (a company)', listed([7, 8]), asked(7, 8), undefined],
	['no primary shown, other records', listed([7]), asked(8), undefined],
])('%s', (_what, now, requested, verdict) => {
	expect(setDiffersListed(now, requested)).toBe(verdict);
});
