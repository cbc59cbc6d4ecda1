/** Everything a sandbox instance remembers, and how a reset brings it back to the start options. */
import { randomBytes } from 'crypto';
import type { Webhook } from './auth';
import { seedDemo } from './demo-seed';
import { FAMILIES, type SandboxFamily } from './families';
import { FaultStore } from './faults';
import { type MethodTable, methodTable } from './methods';
import { type OAuthConfig, OAuthServer } from './oauth';
import { OperatingLimiter, defaultOperatingLimit } from './operating-limit';
import { LeakyBucket, defaultRateLimit } from './rate-limit';
import { RequestLog } from './request-log';
import { defaultServerTime } from './server-time';
import { PortalState } from './state';
import type {
	Behaviour,
	OperatingLimitConfig,
	PortalPlan,
	RateLimitConfig,
	SandboxOptions,
	ServerTimeConfig,
} from './types';

export interface ResolvedOptions {
	host: string;
	port: number;
	userId: number;
	webhookSecret: string;
	seed: 'demo' | 'empty';
	rate: RateLimitConfig;
	operating: OperatingLimitConfig;
	serverTime: ServerTimeConfig;
	oauth: OAuthConfig;
	maxBodyBytes: number;
	allowHttpWebhooks: boolean;
	/** The default webhook's scopes after a reset. */
	webhookScope: string[];
	plan: PortalPlan;
	/** The built-in families, then those given in the options. */
	families: SandboxFamily[];
}

export const defaultBehaviour: Behaviour = {
	itemsGetUnknownContact: 'notFound',
	emptyItemsSet: 'clear',
};

/** settings/oauth/auto-renewal.md: a refresh token lasts 180 days. */
export const REFRESH_TOKEN_LIFETIME_SEC = 180 * 24 * 3600;

/** Scopes of the default webhook: `crm` for the methods, `user` for profile-style calls. */
export const DEFAULT_SCOPE = ['crm', 'user'];

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
	return {
		host: options.host ?? '127.0.0.1',
		port: options.port ?? 0,
		userId: options.userId ?? 1,
		webhookSecret: options.webhookSecret ?? randomBytes(8).toString('hex'),
		seed: options.seed ?? 'demo',
		rate: { ...defaultRateLimit, ...options.rate },
		operating: { ...defaultOperatingLimit, ...options.operating },
		serverTime: { ...defaultServerTime, ...options.serverTime },
		oauth: {
			clientId: options.clientId ?? 'local.sandbox0000000001',
			clientSecret: options.clientSecret ?? randomBytes(24).toString('hex'),
			// The application's handler URL: n8n's OAuth2 callback on its default port.
			redirectUri: options.redirectUri ?? 'http://localhost:5678/rest/oauth2-credential/callback',
			accessTokenLifetimeSec: options.accessTokenLifetimeSec ?? 3600,
			refreshTokenLifetimeSec: options.refreshTokenLifetimeSec ?? REFRESH_TOKEN_LIFETIME_SEC,
			codeLifetimeSec: 30,
			scope: ['crm'],
		},
		maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
		allowHttpWebhooks: options.allowHttpWebhooks ?? false,
		webhookScope: [...(options.webhookScope ?? DEFAULT_SCOPE)],
		plan: options.plan ?? 'commercial',
		families: [...FAMILIES, ...(options.families ?? [])],
	};
}

export class Portal {
	readonly state = new PortalState();
	readonly faults = new FaultStore();
	readonly log = new RequestLog();
	readonly bucket: LeakyBucket;
	readonly operating: OperatingLimiter;
	serverTime: ServerTimeConfig;
	readonly oauth: OAuthServer;
	readonly webhooks = new Map<string, Webhook>();
	behaviour: Behaviour = { ...defaultBehaviour };
	plan: PortalPlan = 'commercial';
	readonly methods: MethodTable;

	constructor(
		readonly options: ResolvedOptions,
		readonly baseUrl: string,
	) {
		this.methods = methodTable(options.families);
		this.bucket = new LeakyBucket({ ...options.rate });
		this.operating = new OperatingLimiter({ ...options.operating });
		this.serverTime = { ...options.serverTime };
		const domain = new URL(baseUrl).host;
		const memberId = randomBytes(16).toString('hex');
		this.oauth = new OAuthServer(
			{ ...options.oauth },
			{ domain, baseUrl, memberId },
			options.userId,
		);
		this.reset(options.seed);
	}

	get webhookUrl(): string {
		return `${this.baseUrl}/rest/${this.options.userId}/${this.options.webhookSecret}/`;
	}

	familyByKey(key: string): SandboxFamily | undefined {
		return this.options.families.find((family) => family.key === key);
	}

	/**
	 * Back to the start options: data from the seed, default limits, no faults, empty log, no
	 * tokens, the default webhook's start scopes, the start plan.
	 */
	reset(seed: 'demo' | 'empty' = this.options.seed): void {
		this.state.clear();
		this.state.users.clear();
		this.state.users.set(this.options.userId, {
			ID: this.options.userId,
			NAME: 'Sandbox',
			LAST_NAME: 'Admin',
			ADMIN: true,
		});
		if (seed === 'demo') seedDemo(this.state);
		this.bucket.config = { ...this.options.rate };
		this.bucket.reset();
		this.operating.config = { ...this.options.operating };
		this.operating.reset();
		this.serverTime = {
			...this.options.serverTime,
			byMethod: { ...this.options.serverTime.byMethod },
		};
		this.oauth.reset({ ...this.options.oauth, scope: [...this.options.oauth.scope] });
		this.faults.clear();
		this.log.clear();
		this.webhooks.clear();
		this.webhooks.set(this.options.webhookSecret, {
			userId: this.options.userId,
			scope: [...this.options.webhookScope],
		});
		this.behaviour = { ...defaultBehaviour };
		this.plan = this.options.plan;
	}
}
