/**
 * Headless Chromium for the editor tests: Debian's browser driven by playwright-core, so nothing
 * is downloaded.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './ensure-browser';
import type { Owner } from './owner';

const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** The sign-in page: email, password, Enter; signed in once the editor leaves /signin. */
export async function signIn(page: Page, baseUrl: string, owner: Owner): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
		.first()
		.fill(owner.email);
	const password = page.locator('input[type="password"]').first();
	await password.fill(owner.password);
	await password.press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}
