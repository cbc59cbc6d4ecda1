/**
 * Installs Debian packages the tests and `npm start` commands need (Chromium, Redis, PostgreSQL):
 * only Debian's mirrors and the npm registry are reachable here, so nothing is downloaded otherwise.
 * Needs root, or sudo without a password.
 */
import { runOrThrow } from './run-command';

/** `apt-get update` once per process: the package lists may be missing or old on a fresh machine. */
let listsUpdated = false;

export async function aptInstall(packages: string[]): Promise<void> {
	const asRoot = process.getuid?.() === 0;
	const sudo = (args: string[]): [string, string[]] =>
		asRoot ? [args[0], args.slice(1)] : ['sudo', ['-n', ...args]];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Another apt-get (an unattended upgrade, a parallel install) may hold dpkg's lock: wait for it.
	const waitForLock = ['-o', 'DPkg::Lock::Timeout=600'];
	if (!listsUpdated) {
		await runOrThrow(...sudo(['apt-get', ...waitForLock, 'update', '-qq']), {
			env,
			output: 'inherit',
		});
		listsUpdated = true;
	}
	await runOrThrow(...sudo(['apt-get', ...waitForLock, ...aptInstallArgs(packages)]), {
		env,
		output: 'inherit',
	});
}

/**
 * What `apt-get` is asked to install: the packages alone. Debian's recommended extras (fonts,
 * X11 helpers, documentation tools) are left out; the tests need none of them.
 */
export function aptInstallArgs(packages: string[]): string[] {
	return ['install', '-y', '-qq', '--no-install-recommends', ...packages];
}
