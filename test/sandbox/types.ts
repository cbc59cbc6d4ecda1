/** Shapes shared by the sandbox modules and by tests that drive it through the control API. */
import type { SandboxFamily } from './families';

/** A decoded request parameter: PHP-style nested arrays become objects/arrays of strings (form) or JSON values. */
export type ParamValue = unknown;
export type Params = Record<string, ParamValue>;

export interface RateLimitConfig {
	enabled: boolean;
	/** Bitrix24 "X": requests a portal may make at once before 503. */
	burst: number;
	/** Bitrix24 "Y": how many requests the counter loses per second. */
	drainPerSec: number;
}

export interface OperatingLimitConfig {
	enabled: boolean;
	/** Accumulated execution time of one method that blocks further calls, in ms. */
	limitMs: number;
	/** The window over which execution time is accumulated, in ms (Bitrix24: 10 minutes). */
	windowMs: number;
	/** How many buckets the window is kept in (Bitrix24: 10 of one minute). */
	buckets: number;
}

/** How long a call takes on the portal; the time is really spent, and charged as operating time. */
export interface ServerTimeConfig {
	enabled: boolean;
	/** For a method `byMethod` does not name, in ms. */
	defaultMs: number;
	/** By lower-case method name, in ms. */
	byMethod: Record<string, number>;
}

export type AuthMode = 'webhook' | 'oauth' | 'none';

export type FaultSpec =
	| {
			kind: 'status';
			status: number;
			body?: unknown;
			contentType?: string;
			headers?: Record<string, string>;
	  }
	| { kind: 'html'; status?: number }
	| { kind: 'truncated' }
	| { kind: 'empty'; status?: number }
	| { kind: 'drop' }
	| { kind: 'delay'; ms: number };

export interface FaultMatch {
	/** REST method, case-insensitive; also matches sub-calls of a batch. */
	method?: string;
	/** Prefix of the request path, e.g. `/oauth/token/`. */
	path?: string;
	authMode?: 'webhook' | 'oauth';
}

export interface FaultRule {
	id: number;
	match: FaultMatch;
	/** How many more requests (or batch sub-calls) this fault applies to. */
	remaining: number;
	fault: FaultSpec;
}

export interface SubCallLog {
	key: string;
	method: string;
	params: Params;
	error?: string;
}

export interface LogEntry {
	seq: number;
	at: string;
	httpMethod: string;
	path: string;
	method: string | null;
	authMode: AuthMode;
	params: Params;
	status: number;
	error?: string;
	fault?: FaultSpec['kind'];
	subCalls?: SubCallLog[];
	/** For a request to the portal's former address: the address it was sent on to. */
	redirectedTo?: string;
	durationMs: number;
}

/**
 * A commercial plan (or the demo period) has the REST API; the free plan has none, and every REST
 * call is refused with ACCESS_DENIED (b24restdocs access-to-rest-api.md, _includes/system-errors.md).
 */
export type PortalPlan = 'commercial' | 'free';

export interface Behaviour {
	/** Docs are silent on items.get for a missing contact (README choice 3). */
	itemsGetUnknownContact: 'notFound' | 'empty';
	/** Docs are silent on items.set with JSON `items: []` (README choice 2). */
	emptyItemsSet: 'clear' | 'error';
}

export interface SandboxOptions {
	port?: number;
	host?: string;
	userId?: number;
	webhookSecret?: string;
	clientId?: string;
	clientSecret?: string;
	/**
	 * The local application's handler URL: /oauth/authorize/ always redirects there, whatever
	 * redirect_uri the request names (settings/oauth/index.md: "the registered application address").
	 */
	redirectUri?: string;
	/**
	 * A self-hosted portal that defines REST_APAUTH_ALLOW_HTTP: webhook calls over plain HTTP are
	 * served. Without it every webhook call gets 401 INVALID_REQUEST "Https required.", as on any
	 * portal reached over HTTP ([server] Bitrix\Rest\APAuth\Auth). The sandbox only speaks HTTP,
	 * so tests and `npm start` turn it on.
	 */
	allowHttpWebhooks?: boolean;
	seed?: 'demo' | 'empty';
	/**
	 * The scopes of the default webhook, as ticked in Bitrix24 (`crm,user` unless given); the
	 * control API changes them later (`POST /_sandbox/webhooks/scope`).
	 */
	webhookScope?: string[];
	/** `free`: a portal on Bitrix24's free plan, which has no REST API (see PortalPlan). */
	plan?: PortalPlan;
	/**
	 * Binding families served besides the built-in ones (families.ts), such as a made-up family a
	 * test defines to show that the node serves any family of the same shape. Their owners may be
	 * of a kind of their own, seeded through `records`.
	 */
	families?: SandboxFamily[];
	rate?: Partial<RateLimitConfig>;
	operating?: Partial<OperatingLimitConfig>;
	serverTime?: Partial<ServerTimeConfig>;
	accessTokenLifetimeSec?: number;
	/** 180 days by default (settings/oauth/auto-renewal.md). */
	refreshTokenLifetimeSec?: number;
	/** Largest request body accepted, in bytes. */
	maxBodyBytes?: number;
}
