/** Small files with one job: no source file of the package runs past 200 lines (formatted). */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..', '..');
const MAX_LINES = 200;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

it(`keeps every file in nodes/ and credentials/ within ${MAX_LINES} lines`, () => {
	const files = [...sourceFiles(join(ROOT, 'nodes')), ...sourceFiles(join(ROOT, 'credentials'))];
	expect(files.length).toBeGreaterThan(20);
	const tooLong = files
		.map((path) => ({
			file: relative(ROOT, path),
			lines: readFileSync(path, 'utf8').split('\n').length - 1,
		}))
		.filter(({ lines }) => lines > MAX_LINES);
	expect(tooLong).toEqual([]);
});
