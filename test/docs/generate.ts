/**
 * What `npm run docs` writes: every generated block, by name, and the documentation files that
 * hold them. A block lives in whichever of these files carries its markers (README.md,
 * CONTRIBUTING.md, a page in docs/, test/reliability/FIGURES.md), so moving a block between
 * files needs no change here. Read by the command (docs.ts) and by the test that keeps the files
 * equal to it (generated.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	propertyExceptions,
	readReliabilityFigures,
	secretScanTable,
	suitesTable,
} from '../reliability/figures';
import { figureBlocks } from './figureBlocks';
import type { Blocks } from './markers';
import { blocksIn, withBlocks } from './markers';
import { nodeBlocks } from './nodeBlocks';

export const ROOT = join(__dirname, '..', '..');

export interface GeneratedFile {
	/** Relative to the package root. */
	file: string;
	/** The blocks this file holds, with what `npm run docs` writes into them. */
	blocks: Blocks;
}

/** The documentation that may hold generated blocks: the root pages, docs/ and FIGURES.md. */
export function documentationFiles(): string[] {
	const pages = existsSync(join(ROOT, 'docs'))
		? readdirSync(join(ROOT, 'docs'))
				.filter((name) => name.endsWith('.md'))
				.sort()
				.map((name) => `docs/${name}`)
		: [];
	return ['README.md', 'CONTRIBUTING.md', ...pages, 'test/reliability/FIGURES.md'].filter((file) =>
		existsSync(join(ROOT, file)),
	);
}

/** Every block the command knows, from the node's description and the committed reports. */
export function allBlocks(): Blocks {
	const reliability = readReliabilityFigures();
	return {
		...nodeBlocks(),
		...figureBlocks(),
		suites: suitesTable(reliability),
		'secret-scan': secretScanTable(reliability),
		'property-exceptions': propertyExceptions(reliability),
	};
}

export const readText = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Each documentation file with the known blocks its markers hold. */
export function generatedFiles(known: Blocks = allBlocks()): GeneratedFile[] {
	return documentationFiles().map((file) => {
		const present = Object.keys(blocksIn(readText(file)));
		const blocks = Object.fromEntries(
			present.filter((name) => name in known).map((name) => [name, known[name]]),
		);
		return { file, blocks };
	});
}

/**
 * What is wrong with where the blocks are: a block the command does not know, a known block no
 * file holds, or one that two files hold. Empty when every block has exactly one home.
 */
export function misplacedBlocks(known: Blocks = allBlocks()): string[] {
	const homes = new Map<string, string[]>();
	const problems: string[] = [];
	for (const file of documentationFiles()) {
		for (const name of Object.keys(blocksIn(readText(file)))) {
			if (!(name in known))
				problems.push(`${file}: generated block "${name}" is not one \`npm run docs\` writes`);
			homes.set(name, [...(homes.get(name) ?? []), file]);
		}
	}
	for (const name of Object.keys(known)) {
		const files = homes.get(name) ?? [];
		if (files.length === 0)
			problems.push(
				`generated block "${name}" is in none of ${documentationFiles().join(', ')}: add its markers where it belongs`,
			);
		if (files.length > 1)
			problems.push(`generated block "${name}" is in ${files.join(' and ')}: keep it in one`);
	}
	return problems;
}

/** The file's text as `npm run docs` leaves it. */
export function regenerated(generated: GeneratedFile, text = readText(generated.file)): string {
	return withBlocks(text, generated.blocks);
}
