/**
 * The generated parts of a Markdown file sit between marker comments:
 *
 *   <!-- generated: NAME (npm run docs) -->
 *   …
 *   <!-- end generated: NAME -->
 *
 * Everything outside the markers is written by hand and left as it is.
 */

export type Blocks = Record<string, string>;

export const startMarker = (name: string) => `<!-- generated: ${name} (npm run docs) -->`;
export const endMarker = (name: string) => `<!-- end generated: ${name} -->`;

const BLOCK =
	/<!-- generated: ([\w-]+) \(npm run docs\) -->\n([\s\S]*?)<!-- end generated: ([\w-]+) -->/g;

/** The blocks the text holds, by name, without the markers' own lines. */
export function blocksIn(text: string): Blocks {
	const found: Blocks = {};
	for (const match of text.matchAll(BLOCK)) {
		if (match[1] !== match[3])
			throw new Error(`generated block "${match[1]}" is closed as "${match[3]}"`);
		if (match[1] in found) throw new Error(`generated block "${match[1]}" appears twice`);
		found[match[1]] = match[2].replace(/\n$/, '');
	}
	return found;
}

/** The text with each block's content replaced; every block must already have its markers. */
export function withBlocks(text: string, blocks: Blocks): string {
	const present = blocksIn(text);
	const missing = Object.keys(blocks).filter((name) => !(name in present));
	if (missing.length)
		throw new Error(
			`no markers for the generated block(s) ${missing.join(', ')}: add ${startMarker(missing[0])} and ${endMarker(missing[0])}`,
		);
	return text.replace(BLOCK, (whole, name: string) =>
		name in blocks ? `${startMarker(name)}\n${blocks[name]}\n${endMarker(name)}` : whole,
	);
}

/** One message per block whose text differs from what is expected: the first differing lines. */
export function blockDifferences(file: string, text: string, expected: Blocks): string[] {
	const present = blocksIn(text);
	const messages: string[] = [];
	for (const [name, want] of Object.entries(expected)) {
		if (!(name in present)) {
			messages.push(`${file}: generated block "${name}" is missing (its markers are not there)`);
			continue;
		}
		if (present[name] === want) continue;
		const have = present[name].split('\n');
		const should = want.split('\n');
		const lines: string[] = [];
		for (let i = 0; i < Math.max(have.length, should.length) && lines.length < 12; i++) {
			if (have[i] === should[i]) continue;
			if (have[i] !== undefined) lines.push(`- ${have[i]}`);
			if (should[i] !== undefined) lines.push(`+ ${should[i]}`);
		}
		messages.push(
			`${file}: generated block "${name}" differs from \`npm run docs\` (- in the file, + generated):\n${lines.join('\n')}`,
		);
	}
	return messages;
}
