/**
 * The README's Docker installation, as far as it can be checked without a Docker daemon (none is
 * reachable here): its compose file and SSRF environment parse as YAML; the volume is mounted at
 * the image's user folder and the install goes to its `nodes` folder; the tarball is the one
 * `npm pack` makes; the `npm install` is the one the npm section runs (and
 * readme-install.test.ts runs); and every n8n setting the section names is one n8n 2.41.1 reads.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { testedBlock } from '../docs/tested-blocks';
import { PROJECT_DIR, runtimeFor, TESTED_RUNTIMES } from './runtime';

const README = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
};
const TARBALL = `${manifest.name}-${manifest.version}.tgz`;
/** n8n's user folder in its image (docker/images/n8n/Dockerfile: USER node, /home/node/.n8n). */
const USER_FOLDER = '/home/node/.n8n';

interface Compose {
	services: Record<
		string,
		{ image: string; environment: Record<string, string>; volumes: string[]; ports: string[] }
	>;
	volumes: Record<string, unknown>;
}

const compose = parse(testedBlock(README, 'docker-compose').code) as Compose;
const n8nService = compose.services.n8n;
const installLines = testedBlock(README, 'docker-install').code.split('\n');
const npmInstall = (text: string) => /npm install (--[\w-]+ )*/.exec(text)?.[0];

describe("the README's compose file", () => {
	it("runs n8n's official image with its user folder on a named volume", () => {
		expect(testedBlock(README, 'docker-compose').language).toBe('yaml');
		expect(n8nService.image).toBe('docker.n8n.io/n8nio/n8n');
		expect(n8nService.volumes).toEqual([`n8n_data:${USER_FOLDER}`]);
		expect(Object.keys(compose.volumes)).toEqual(['n8n_data']);
		expect(n8nService.ports).toEqual(['5678:5678']);
	});

	it('turns on community packages and the unverified ones n8n 3.0 turns off, as strings', () => {
		expect(n8nService.environment).toEqual({
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		});
	});

	it('names the SSRF allowances in an environment block of their own', () => {
		const ssrf = testedBlock(README, 'ssrf-environment');
		expect(ssrf.language).toBe('yaml');
		expect(parse(ssrf.code)).toEqual({
			N8N_SSRF_PROTECTION_ENABLED: 'true',
			N8N_SSRF_ALLOWED_HOSTNAMES: expect.any(String),
			N8N_SSRF_ALLOWED_IP_RANGES: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+\/32$/),
		});
	});
});

describe("the README's Docker install commands", () => {
	it('copy the tarball npm pack makes onto the volume, install it in its nodes folder, and restart', () => {
		expect(installLines).toHaveLength(3);
		expect(installLines[0]).toBe(`docker cp ${TARBALL} n8n:${USER_FOLDER}/`);
		expect(installLines[1]).toContain(`mkdir -p ${USER_FOLDER}/nodes && cd ${USER_FOLDER}/nodes`);
		expect(installLines[1]).toContain(`${USER_FOLDER}/${TARBALL}'`);
		expect(installLines[2]).toBe('docker restart n8n');
		// `container_name: n8n` is what lets `docker cp n8n:…` and `docker exec n8n` name it.
		expect(installLines.join('\n')).toMatch(/docker exec n8n /);
		expect((compose.services.n8n as unknown as { container_name: string }).container_name).toBe(
			'n8n',
		);
	});

	it('install with the npm command the npm section runs, on the tarball of this version', () => {
		const npmBlock = testedBlock(README, 'install-with-npm').code;
		expect(npmInstall(installLines[1])).toBe('npm install --legacy-peer-deps ');
		expect(npmInstall(npmBlock)).toBe(npmInstall(installLines[1]));
		expect(npmBlock).toContain(`/${TARBALL}`);
	});
});

describe('the n8n settings the installation section names', () => {
	const runtime = runtimeFor(TESTED_RUNTIMES[0].n8n);
	const modules = join(runtime.n8nDir, 'node_modules');
	const section = README.slice(README.indexOf('## Installation'), README.indexOf('## Operations'));
	const named = [...new Set(section.match(/\bN8N_[A-Z_]+\b/g) ?? [])].sort();

	/** The setting names n8n's configuration classes read (`@Env('N8N_…')`). */
	function settingsRead(): Set<string> {
		const found = new Set<string>();
		const scan = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) scan(path);
				else if (entry.name.endsWith('.js'))
					for (const match of readFileSync(path, 'utf8').matchAll(/Env\)?\('(N8N_[A-Z_]+)'/g))
						found.add(match[1]);
			}
		};
		scan(join(modules, '@n8n', 'config', 'dist'));
		scan(join(modules, 'n8n', 'dist', 'modules', 'community-packages'));
		return found;
	}

	it(`are settings n8n ${TESTED_RUNTIMES[0].n8n} reads`, () => {
		expect(existsSync(modules)).toBe(true);
		expect(named).toEqual(
			expect.arrayContaining([
				'N8N_COMMUNITY_PACKAGES_ENABLED',
				'N8N_UNVERIFIED_PACKAGES_ENABLED',
				'N8N_SSRF_PROTECTION_ENABLED',
				'N8N_SSRF_ALLOWED_HOSTNAMES',
				'N8N_SSRF_ALLOWED_IP_RANGES',
			]),
		);
		const read = settingsRead();
		expect(named.filter((name) => name !== 'N8N_USER_FOLDER' && !read.has(name))).toEqual([]);
	});
});
