/**
 * A fresh n8n asks its first visitor to create the owner account. We do it through the same REST
 * call the setup page makes, so the editor opens straight to the sign-in page.
 */

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** n8n wants 8+ characters with a digit and an upper-case letter. Local, sandbox-only login. */
export const DEFAULT_OWNER: Owner = {
	email: 'owner@example.com',
	password: 'Bitrix24-sandbox',
	firstName: 'Sandbox',
	lastName: 'Owner',
};

/** `POST /rest/owner/setup` unless an owner exists already (a reused user folder). */
export async function ensureOwner(
	baseUrl: string,
	owner: Owner = DEFAULT_OWNER,
): Promise<'created' | 'existing'> {
	const settings = (await (await fetch(`${baseUrl}/rest/settings`)).json()) as {
		data?: { userManagement?: { showSetupOnFirstLoad?: boolean } };
	};
	if (settings.data?.userManagement?.showSetupOnFirstLoad === false) return 'existing';
	const res = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
	return 'created';
}

/** `POST /rest/login`; returns the session cookie for further REST calls. */
export async function login(baseUrl: string, owner: Owner = DEFAULT_OWNER): Promise<string> {
	const res = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('login answered without an n8n-auth cookie');
	return cookie.split(';')[0];
}
