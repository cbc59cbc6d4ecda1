/**
 * `npm run docs`: rewrites the generated blocks of README.md and test/reliability/FIGURES.md from
 * the node's description and the committed reports. Text outside the markers stays as written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { generatedFiles, readText, regenerated, ROOT } from './generate';

for (const generated of generatedFiles()) {
	const before = readText(generated.file);
	const after = regenerated(generated, before);
	if (after === before) {
		console.log(`${generated.file}: up to date`);
		continue;
	}
	writeFileSync(join(ROOT, generated.file), after);
	console.log(`${generated.file}: rewrote ${Object.keys(generated.blocks).join(', ')}`);
}
