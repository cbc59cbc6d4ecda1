/**
 * `npm run docs`: rewrites the generated blocks of README.md, CONTRIBUTING.md, the pages in docs/
 * and test/reliability/FIGURES.md from the node's description and the committed reports. Text
 * outside the markers stays as written; a block whose markers are nowhere, or in two files, is
 * reported and the command fails.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	allBlocks,
	generatedFiles,
	misplacedBlocks,
	readText,
	regenerated,
	ROOT,
} from './generate';

const known = allBlocks();
for (const generated of generatedFiles(known)) {
	const before = readText(generated.file);
	const after = regenerated(generated, before);
	if (after === before) {
		console.log(`${generated.file}: up to date`);
		continue;
	}
	writeFileSync(join(ROOT, generated.file), after);
	console.log(`${generated.file}: rewrote ${Object.keys(generated.blocks).join(', ')}`);
}
const problems = misplacedBlocks(known);
if (problems.length) {
	console.error(problems.join('\n'));
	process.exitCode = 1;
}
