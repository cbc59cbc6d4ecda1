/**
 * The node's PHP bracket encoding of batch commands, read back by the sandbox's parser (which
 * follows PHP's parse_str): whatever the node sends arrives as the same values.
 */
import fc from 'fast-check';

import { toPhpQuery } from '../../nodes/Bitrix24/transport/batch';
import { parsePhpQuery } from '../sandbox/encoding';

/** What PHP sees: every scalar a string, booleans as 1/0, null and undefined left out. */
function asPhpSees(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(asPhpSees);
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(
			([, entry]) => entry !== null && entry !== undefined,
		);
		return Object.fromEntries(entries.map(([key, entry]) => [key, asPhpSees(entry)]));
	}
	if (typeof value === 'boolean') return value ? '1' : '0';
	return String(value);
}

it('encodes a Set command the way Bitrix24 documents it', () => {
	const query = toPhpQuery({ id: 82, items: [{ COMPANY_ID: 8, IS_PRIMARY: 'Y', SORT: 10 }] });

	expect(decodeURIComponent(query)).toBe(
		'id=82&items[0][COMPANY_ID]=8&items[0][IS_PRIMARY]=Y&items[0][SORT]=10',
	);
	expect(parsePhpQuery(query)).toEqual({
		id: '82',
		items: [{ COMPANY_ID: '8', IS_PRIMARY: 'Y', SORT: '10' }],
	});
});

it('keeps the characters that would otherwise split or change a command', () => {
	const text = 'a&b=c%d#e[f]g+h i?j/k"\'ü€😀';
	const params = {
		filter: { TITLE: text },
		select: ['ID', 'TITLE'],
		flag: true,
		off: false,
		none: null,
	};

	expect(parsePhpQuery(toPhpQuery(params))).toEqual({
		filter: { TITLE: text },
		select: ['ID', 'TITLE'],
		flag: '1',
		off: '0',
	});
});

it('round-trips any nesting of lists and maps with any text', () => {
	const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
	const scalar = fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer(), fc.boolean());
	const { tree } = fc.letrec((tie) => ({
		tree: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
		list: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
		map: fc.dictionary(key, tie('tree'), { minKeys: 1, maxKeys: 4 }),
	}));
	fc.assert(
		fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), (params) => {
			expect(parsePhpQuery(toPhpQuery(params))).toEqual(asPhpSees(params));
		}),
	);
});
