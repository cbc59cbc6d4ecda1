/** Small files with one job: no source file of the package runs past 200 lines (formatted). */
import { readFileSync } from 'fs';
import { relative } from 'path';
import { packageSourceFiles, ROOT } from './source-files';

const MAX_LINES = 200;

it(`keeps every file in nodes/ and credentials/ within ${MAX_LINES} lines`, () => {
	const files = packageSourceFiles();
	expect(files.length).toBeGreaterThan(20);
	const tooLong = files
		.map((path) => ({
			file: relative(ROOT, path),
			lines: readFileSync(path, 'utf8').split('\n').length - 1,
		}))
		.filter(({ lines }) => lines > MAX_LINES);
	expect(tooLong).toEqual([]);
});
