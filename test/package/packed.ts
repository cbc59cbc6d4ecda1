/**
 * The package as npm would publish it: `npm pack` of the current build, unpacked into a temporary
 * folder the way n8n's scanner unpacks a downloaded package (the tarball's `package/` prefix
 * stripped).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cleanNpmEnv, runOrThrow } from '../n8n/run-command';
import { PROJECT_DIR } from '../n8n/runtime';

export interface PackedPackage {
	/** The unpacked tarball. */
	dir: string;
	tarball: string;
	/** Bytes of the .tgz, and of the files in it. */
	size: number;
	unpackedSize: number;
	/** Every file in the tarball, relative to the package root. */
	files: string[];
	remove(): void;
}

interface NpmPackReport {
	filename: string;
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

export async function packPackage(): Promise<PackedPackage> {
	if (!existsSync(join(PROJECT_DIR, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
	const root = mkdtempSync(join(tmpdir(), 'bitrix24-packed-'));
	try {
		const { stdout } = await runOrThrow(
			'npm',
			['pack', '--ignore-scripts', '--json', '--pack-destination', root],
			{
				cwd: PROJECT_DIR,
				env: cleanNpmEnv(),
			},
		);
		const [report] = JSON.parse(stdout) as NpmPackReport[];
		const tarball = join(root, report.filename);
		const dir = join(root, 'package');
		mkdirSync(dir);
		await runOrThrow('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
		return {
			dir,
			tarball,
			size: report.size,
			unpackedSize: report.unpackedSize,
			files: report.files.map((file) => file.path).sort(),
			remove: () => rmSync(root, { recursive: true, force: true }),
		};
	} catch (error) {
		rmSync(root, { recursive: true, force: true });
		throw error;
	}
}
