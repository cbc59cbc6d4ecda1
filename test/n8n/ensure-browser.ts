/**
 * The editor tests drive Debian's Chromium with playwright-core: no browser download from the
 * internet (only the npm registry and Debian's mirrors are reachable here).
 */
import { existsSync } from 'fs';
import { aptInstall } from './debian-packages';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Installs Debian's `chromium` package when it is missing (needs root, or sudo without a password). */
export async function ensureBrowser(): Promise<void> {
	if (existsSync(CHROMIUM_PATH)) return;
	console.log('[n8n runtime] Installing Chromium from Debian (about a minute) …');
	await aptInstall(['chromium']);
	if (!existsSync(CHROMIUM_PATH))
		throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
}
