/**
 * The limits the credential's tariff plan sets: the request bucket (this process's share of it)
 * and each method's operating-time budget. Bitrix24 does not report either, so the credential
 * says them.
 */
import type { IDataObject } from 'n8n-workflow';

/** The limits a portal's requests pace under, and whose accounts they are kept in. */
export interface PortalLimits {
	rateLimit: RateLimit;
	/** Identifies the portal's request bucket, which Bitrix24 keeps per portal. */
	bucketKey: string;
	operatingWindow: OperatingWindow;
	/**
	 * Identifies the operating-time accounts, which Bitrix24 keeps per webhook or application on a
	 * portal. Never shown: it is derived from the secret.
	 */
	budgetKey: string;
}

export interface RateLimit {
	burst: number;
	drainPerSecond: number;
}

/** A method's operating-time budget on the portal: `limitMs` of execution time in any `windowMs`. */
export interface OperatingWindow {
	limitMs: number;
	windowMs: number;
}

const TARIFF_RATE_LIMITS: Record<string, RateLimit> = {
	standard: { burst: 50, drainPerSecond: 2 },
	enterprise: { burst: 250, drainPerSecond: 5 },
};

function tariffRateLimit(credentials: IDataObject): RateLimit {
	const tariff =
		typeof credentials.rateLimitPlan === 'string' ? credentials.rateLimitPlan : 'standard';
	if (tariff !== 'custom') return TARIFF_RATE_LIMITS[tariff] ?? TARIFF_RATE_LIMITS.standard;
	const burst = Number(credentials.burst);
	const drainPerSecond = Number(credentials.requestsPerSecond);
	return {
		burst:
			Number.isFinite(burst) && burst >= 1 ? Math.floor(burst) : TARIFF_RATE_LIMITS.standard.burst,
		drainPerSecond:
			Number.isFinite(drainPerSecond) && drainPerSecond > 0
				? drainPerSecond
				: TARIFF_RATE_LIMITS.standard.drainPerSecond,
	};
}

/** This process's share of the portal's bucket, when several n8n processes call the portal. */
export function rateLimitOf(credentials: IDataObject): RateLimit {
	const limit = tariffRateLimit(credentials);
	const processes = Math.floor(Number(credentials.sharingProcesses));
	if (!Number.isFinite(processes) || processes <= 1) return limit;
	return {
		burst: Math.max(1, Math.floor(limit.burst / processes)),
		drainPerSecond: limit.drainPerSecond / processes,
	};
}

/** Cloud portals: 480 s of a method's execution time in any 10 minutes (b24restdocs limits.md). */
const CLOUD_OPERATING_WINDOW: OperatingWindow = { limitMs: 480_000, windowMs: 600_000 };

/** The operating-time budget of each method: the cloud's, or the custom tariff's. */
export function operatingWindowOf(credentials: IDataObject): OperatingWindow {
	if (credentials.rateLimitPlan !== 'custom') return CLOUD_OPERATING_WINDOW;
	const limitSeconds = Number(credentials.operatingLimitSeconds);
	const windowSeconds = Number(credentials.operatingWindowSeconds);
	return {
		limitMs:
			Number.isFinite(limitSeconds) && limitSeconds > 0
				? limitSeconds * 1000
				: CLOUD_OPERATING_WINDOW.limitMs,
		windowMs:
			Number.isFinite(windowSeconds) && windowSeconds > 0
				? windowSeconds * 1000
				: CLOUD_OPERATING_WINDOW.windowMs,
	};
}
