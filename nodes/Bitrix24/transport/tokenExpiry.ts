import type { IDataObject } from 'n8n-workflow';

/** The expiry a token answer announces: Bitrix24's `expires`, else the one n8n notes itself. */
export function tokenExpiryMs(tokenData: unknown): number | undefined {
	const data = (tokenData ?? {}) as IDataObject;
	const expires = Number(data.expires);
	if (Number.isFinite(expires) && expires > 0) return expires * 1000;
	const noted = Number(data.n8n_expires_at);
	return Number.isFinite(noted) && noted > 0 ? noted : undefined;
}
