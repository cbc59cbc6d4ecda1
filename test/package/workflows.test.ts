/**
 * The GitHub workflows that test and publish the package, read with a YAML parser: CI runs the
 * README's test command on pushes and pull requests; a version tag runs that same CI, then builds
 * and publishes with npm provenance under an OIDC token, which n8n requires of verified packages.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDocument } from 'yaml';
import { PROJECT_DIR } from '../n8n/runtime';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
}

interface Job {
	'runs-on'?: string;
	container?: string | { image: string };
	uses?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps?: Step[];
}

interface Workflow {
	on: Record<string, { branches?: string[]; tags?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const WORKFLOWS_DIR = join(PROJECT_DIR, '.github', 'workflows');

/** Strict parse: a YAML error or warning fails the test rather than yielding a half-read file. */
function readWorkflow(file: string): Workflow {
	const document = parseDocument(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'), {
		prettyErrors: true,
	});
	expect([...document.errors, ...document.warnings].map(String)).toEqual([]);
	return document.toJS() as Workflow;
}

/** The command in the README's "Test it" row of its two commands. */
function readmeTestCommand(): string {
	const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
	const row = readme.split('\n').find((line) => line.startsWith('| **Test it:**'));
	const command = row?.match(/`([^`]+)`\s*\|\s*$/)?.[1];
	if (!command) throw new Error('README.md has no "| **Test it:** … | `command` |" row');
	return command;
}

const steps = (job: Job): Step[] => job.steps ?? [];
const needs = (job: Job): string[] =>
	job.needs === undefined ? [] : ([] as string[]).concat(job.needs);
const image = (job: Job): string =>
	typeof job.container === 'string' ? job.container : (job.container?.image ?? '');

describe('ci.yml', () => {
	const ci = readWorkflow('ci.yml');
	const [testJob] = Object.values(ci.jobs);

	it('runs on pushes to branches, on pull requests, and when another workflow calls it', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
		expect(ci.on.push?.tags).toBeUndefined();
	});

	it("runs the README's test command as its test step", () => {
		expect(readmeTestCommand()).toBe('npm ci && npm test');
		expect(Object.keys(ci.jobs)).toHaveLength(1);
		expect(
			steps(testJob)
				.filter((step) => step.run)
				.map((step) => step.run?.trim()),
		).toEqual([readmeTestCommand()]);
		expect(steps(testJob)[0].uses).toMatch(/^actions\/checkout@/);
	});

	it('runs as root on Debian, where npm test can apt-get chromium and build sqlite3', () => {
		expect(testJob['runs-on']).toMatch(/^ubuntu-/);
		expect(image(testJob)).toMatch(/^node:\d+-(bookworm|trixie)$/);
	});

	it('may only read the repository', () => {
		expect(ci.permissions).toEqual({ contents: 'read' });
	});
});

describe('publish.yml', () => {
	const publish = readWorkflow('publish.yml');
	const publishJob = publish.jobs.publish;
	const publishSteps = steps(publishJob);
	const runs = publishSteps.map((step) => step.run ?? '');
	const indexOfRun = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));

	it('runs only on a version tag', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
	});

	it('runs the full CI first, and publishes only when it passed', () => {
		const testJobs = Object.entries(publish.jobs).filter(
			([, job]) => job.uses === './.github/workflows/ci.yml',
		);
		expect(testJobs).toHaveLength(1);
		expect(needs(publishJob)).toEqual([testJobs[0][0]]);
	});

	it('gives the OIDC token that npm signs provenance with to the publish job only', () => {
		expect(publishJob.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		expect(publish.permissions).toEqual({ contents: 'read' });
	});

	it('installs, builds, then runs npm publish --provenance --access public', () => {
		const publishRuns = runs.filter((run) => /\bnpm publish\b/.test(run));
		expect(publishRuns).toEqual(['npm publish --provenance --access public']);
		const install = indexOfRun(/^npm ci$/);
		const build = indexOfRun(/^npm run build$/);
		const release = indexOfRun(/^npm publish /);
		expect(install).toBeGreaterThanOrEqual(0);
		expect(build).toBeGreaterThan(install);
		expect(release).toBeGreaterThan(build);
	});

	it('refuses a tag that does not name the version in package.json', () => {
		const check = indexOfRun(/require\('\.\/package\.json'\)\.version/);
		expect(runs[check]).toContain('$GITHUB_REF_NAME');
		expect(check).toBeLessThan(indexOfRun(/^npm publish /));
	});

	it('publishes to the npm registry from a Node.js whose npm supports provenance', () => {
		const setup = publishSteps.find((step) =>
			step.uses?.startsWith('actions/setup-node@'),
		) as Step & {
			with?: { 'node-version'?: number | string; 'registry-url'?: string };
		};
		expect(setup.with?.['registry-url']).toBe('https://registry.npmjs.org');
		expect(Number(setup.with?.['node-version'])).toBeGreaterThanOrEqual(20);
	});
});
