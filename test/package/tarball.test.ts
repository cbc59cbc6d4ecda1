/**
 * What `npm pack` puts into the published package: the compiled node and credentials under dist/,
 * README, LICENSE, package.json and its `main` entry; no tests, no sandbox, no TypeScript sources,
 * and nothing that names the machine it was built on (source maps carry relative paths only).
 * Prints the tarball's size.
 */
import { readFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { PROJECT_DIR } from '../n8n/runtime';
import { packPackage, type PackedPackage } from './packed';

const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as {
	main: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** Generous for a node of this size; it trips when something big slips into the package. */
const MAX_PACKED_BYTES = 200_000;

let packed: PackedPackage;

beforeAll(async () => {
	packed = await packPackage();
	console.log(
		`npm pack: ${packed.size.toLocaleString('en')} bytes packed, ` +
			`${packed.unpackedSize.toLocaleString('en')} bytes in ${packed.files.length} files`,
	);
}, 120_000);

afterAll(() => packed?.remove());

it('holds only dist/, README.md, LICENSE, package.json and the main entry', () => {
	const topLevel = new Set(
		packed.files.map((file) => (file.includes('/') ? `${file.split('/')[0]}/` : file)),
	);
	expect([...topLevel].sort()).toEqual(
		['LICENSE', 'README.md', 'dist/', manifest.main, 'package.json'].sort(),
	);
});

it('holds every node and credential n8n loads, with their icons', () => {
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
		expect(packed.files).toContain(file);
	expect(packed.files).toEqual(
		expect.arrayContaining(['dist/nodes/Bitrix24/bitrix24.svg', 'dist/credentials/bitrix24.svg']),
	);
});

it('holds no tests, no sandbox and no TypeScript sources', () => {
	expect(
		packed.files.filter((file) => /(^|\/)(test|tests|sandbox|bench|harness)\//.test(file)),
	).toEqual([]);
	expect(packed.files.filter((file) => /\.(test|spec)\./.test(file))).toEqual([]);
	expect(packed.files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual(
		[],
	);
});

it('has source maps that point at relative sources only', () => {
	const maps = packed.files.filter((file) => file.endsWith('.map'));
	for (const file of maps) {
		const map = JSON.parse(readFileSync(join(packed.dir, file), 'utf8')) as {
			sources: string[];
			sourceRoot?: string;
		};
		expect({ file, sourceRoot: map.sourceRoot ?? '' }).toEqual({ file, sourceRoot: '' });
		for (const source of map.sources)
			expect({ file, source }).toEqual({ file, source: expect.stringMatching(/^\.\.?\//) });
	}
});

it('names no path of the machine it was built on', () => {
	const machinePaths = [PROJECT_DIR, homedir()].filter((path) => path.length > 1);
	const found = packed.files.flatMap((file) => {
		const text = readFileSync(join(packed.dir, file), 'utf8');
		return machinePaths.filter((path) => text.includes(path)).map((path) => `${file}: ${path}`);
	});
	expect(found).toEqual([]);
});

it(`packs into less than ${MAX_PACKED_BYTES.toLocaleString('en')} bytes`, () => {
	expect(packed.size).toBeLessThan(MAX_PACKED_BYTES);
});
