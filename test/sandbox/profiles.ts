/**
 * Which kind of portal the sandbox stands for. Wherever it stands for a real portal (`npm start`,
 * the end-to-end tests, the bench) it is a cloud portal: the request bucket of the standard plan,
 * the operating-time limit on, and every call taking its docs' server time (b24restdocs limits.md:
 * both limits apply to the cloud; self-hosted portals set their own and have the operating-time
 * limit off by default, b24restdocs limits.md, [server] CRestServer::processCall). Unit suites start it bare and turn on what they test.
 */
import { defaultOperatingLimit } from './operating-limit';
import { defaultRateLimit } from './rate-limit';
import { defaultServerTime, docsServerTime } from './server-time';
import type { SandboxOptions } from './types';

export const PROFILES = ['cloud', 'self-hosted', 'bare'] as const;
export type ProfileName = (typeof PROFILES)[number];

export type PortalLimits = Required<Pick<SandboxOptions, 'rate' | 'operating' | 'serverTime'>>;

/**
 * `speedup` runs Bitrix24's clock that many times faster: the bucket drains that much faster,
 * the operating window and its limit shrink as much, and calls take that much less time, so a job
 * that takes an hour on a portal takes six minutes at 10.
 */
export function portalProfile(name: ProfileName, speedup = 1): PortalLimits {
	if (name === 'bare')
		return {
			rate: { ...defaultRateLimit },
			operating: { ...defaultOperatingLimit },
			serverTime: { ...defaultServerTime },
		};
	const serverTime = docsServerTime(speedup);
	if (name === 'self-hosted') {
		return {
			rate: { ...defaultRateLimit, enabled: false },
			operating: { ...defaultOperatingLimit },
			serverTime,
		};
	}
	return {
		rate: { ...defaultRateLimit, drainPerSec: defaultRateLimit.drainPerSec * speedup },
		operating: {
			...defaultOperatingLimit,
			enabled: true,
			limitMs: defaultOperatingLimit.limitMs / speedup,
			windowMs: defaultOperatingLimit.windowMs / speedup,
		},
		serverTime,
	};
}

export function isProfileName(value: unknown): value is ProfileName {
	return (PROFILES as readonly unknown[]).includes(value);
}
