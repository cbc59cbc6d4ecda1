/**
 * The operations, options, credential fields and figures in README.md, the pages in docs/ and
 * test/reliability/FIGURES.md are generated (npm run docs); this keeps the committed Markdown equal
 * to what the generator makes from the node's description and the committed reports, so neither
 * can change without the other, and keeps every block in exactly one file.
 */
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import { engineOptionsProperty } from '../../nodes/Bitrix24/actions/common/engineOptions';
import {
	allBlocks,
	documentationFiles,
	generatedFiles,
	misplacedBlocks,
	readText,
	regenerated,
} from './generate';
import { blockDifferences, blocksIn, endMarker, startMarker, withBlocks } from './markers';
import { credentialTable, optionsTable } from './nodeBlocks';

const files = generatedFiles();
/** The file that holds a block, wherever it has moved. */
const holding = (name: string) => files.find((generated) => name in generated.blocks)!;

describe('generated documentation', () => {
	it.each(files.map((generated) => [generated.file, generated] as const))(
		'%s equals what `npm run docs` writes',
		(file, generated) => {
			const differences = blockDifferences(file, readText(file), generated.blocks);
			if (differences.length)
				throw new Error(
					`${differences.join('\n\n')}\n\nRun \`npm run docs\` and commit the result.`,
				);
			// Nothing outside the blocks changes when the generator runs.
			expect(regenerated(generated)).toBe(readText(file));
		},
	);

	it('finds every block the command writes in exactly one file, and no block it does not know', () => {
		expect(documentationFiles()).toEqual(
			expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'test/reliability/FIGURES.md']),
		);
		expect(misplacedBlocks()).toEqual([]);
		const homes = Object.keys(allBlocks()).map((name) => [name, holding(name)?.file]);
		expect(homes.filter(([, file]) => file === undefined)).toEqual([]);
	});

	it('reports a block the command does not know, and one that is nowhere or in two files', () => {
		const known = allBlocks();
		const { options, ...withoutOptions } = known;
		expect(misplacedBlocks(withoutOptions)).toEqual([
			`${holding('options').file}: generated block "options" is not one \`npm run docs\` writes`,
		]);
		expect(misplacedBlocks({ ...known, 'made-up': options })).toEqual([
			expect.stringMatching(/^generated block "made-up" is in none of README\.md, /),
		]);
	});

	// Both start from a file as the generator leaves it, so they test the comparison alone.
	it('names the block and the line when a file is edited by hand inside a block', () => {
		const readme = holding('options');
		const current = regenerated(readme);
		const edited = current.replace(/(\| \*Max Retries\* \| )5( \|)/, '$17$2');
		expect(edited).not.toBe(current);
		const [message, ...rest] = blockDifferences(readme.file, edited, readme.blocks);
		expect(rest).toEqual([]);
		expect(message).toContain('generated block "options" differs');
		expect(message).toMatch(/^- \| \*Max Retries\* \| 7 \|/m);
		expect(message).toMatch(/^\+ \| \*Max Retries\* \| 5 \|/m);
	});

	it('reports a block whose markers were removed', () => {
		const page = holding('reliability');
		const withoutMarkers = regenerated(page)
			.replace(startMarker('reliability'), '')
			.replace(endMarker('reliability'), '');
		expect(blockDifferences(page.file, withoutMarkers, page.blocks)).toEqual([
			`${page.file}: generated block "reliability" is missing (its markers are not there)`,
		]);
	});

	it('leaves the text outside the markers as written', () => {
		const text = `intro 1\n${startMarker('a')}\nold\n${endMarker('a')}\noutro 2\n`;
		expect(withBlocks(text, { a: 'new\nlines' })).toBe(
			`intro 1\n${startMarker('a')}\nnew\nlines\n${endMarker('a')}\noutro 2\n`,
		);
		expect(blocksIn(withBlocks(text, { a: 'x' }))).toEqual({ a: 'x' });
	});

	it('reads defaults from the description and writes them for people', () => {
		// The figures come from the description: a changed default changes the table.
		const timeout = engineOptionsProperty.options!.find(
			(option) => 'name' in option && option.name === 'timeoutMs',
		)!;
		expect(optionsTable()).toContain(
			`| *Timeout (Ms)* | ${(timeout as { default: number }).default.toLocaleString('en-US')} ms | all |`,
		);
		const webhook = credentialTable(new Bitrix24WebhookApi().properties);
		expect(webhook).toContain('| *Webhook URL* (masked) | – | yes | always |');
		expect(webhook).toContain(
			'| *Operating Time Limit (Seconds)* | 480 s | no | Bitrix24 Plan Limits: Custom |',
		);
	});
});
