import type { IDataObject } from 'n8n-workflow';

/**
 * Remembers, per portal and method, when Bitrix24 said the operating-time window frees up. The
 * error answer to a blocked method carries no timing, so the last successful answer is the source.
 */
const resetAtByMethod = new Map<string, number>();

function keyOf(portalKey: string, method: string): string {
	return `${portalKey} ${method.toLowerCase()}`;
}

export function noteTiming(portalKey: string, method: string, time: unknown): void {
	if (!time || typeof time !== 'object') return;
	const resetAt = Number((time as IDataObject).operating_reset_at);
	if (!Number.isFinite(resetAt) || resetAt <= 0) return;
	resetAtByMethod.set(keyOf(portalKey, method), resetAt * 1000);
}

export function operatingResetAt(portalKey: string, method: string): number | undefined {
	return resetAtByMethod.get(keyOf(portalKey, method));
}
