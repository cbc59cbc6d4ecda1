/**
 * What `npm run docs` writes: for each Markdown file, its generated blocks by name. Read by the
 * command (docs.ts) and by the test that keeps the files equal to it (generated.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	propertyExceptions,
	readReliabilityFigures,
	secretScanTable,
	suitesTable,
} from '../reliability/figures';
import { figureBlocks } from './figureBlocks';
import type { Blocks } from './markers';
import { withBlocks } from './markers';
import { nodeBlocks } from './nodeBlocks';

export const ROOT = join(__dirname, '..', '..');

export interface GeneratedFile {
	/** Relative to the package root. */
	file: string;
	blocks: Blocks;
}

export function generatedFiles(): GeneratedFile[] {
	const reliability = readReliabilityFigures();
	return [
		{ file: 'README.md', blocks: { ...nodeBlocks(), ...figureBlocks() } },
		{
			file: 'test/reliability/FIGURES.md',
			blocks: {
				suites: suitesTable(reliability),
				'secret-scan': secretScanTable(reliability),
				'property-exceptions': propertyExceptions(reliability),
			},
		},
	];
}

export const readText = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The file's text as `npm run docs` leaves it. */
export function regenerated(generated: GeneratedFile, text = readText(generated.file)): string {
	return withBlocks(text, generated.blocks);
}
