/** A typed client for the sandbox's control API (see README.md), used by tests and launchers. */
import type { Binding, Company, Contact } from './state';
import type { Behaviour, FaultMatch, FaultRule, FaultSpec, LogEntry, OperatingLimitConfig, RateLimitConfig } from './types';

export interface SeedData {
	contacts?: Array<{ ID?: number; NAME: string; LAST_NAME?: string }>;
	companies?: Array<{ ID?: number; TITLE: string }>;
	bindings?: Record<string, Array<{ COMPANY_ID: number; SORT?: number; IS_PRIMARY?: 'Y' | 'N' }>>;
}

export interface LimitsState {
	rate: RateLimitConfig & { level: number };
	operating: OperatingLimitConfig & { usage: Record<string, { operating: number; resetAt?: number }> };
}

export interface SandboxState {
	contacts: Array<Contact & { COMPANY_ID: number | null }>;
	companies: Company[];
	bindings: Record<string, Binding[]>;
	limits: LimitsState;
	behaviour: Behaviour;
}

export interface TokenResponse {
	access_token: string;
	refresh_token: string;
	expires_in: number;
	expires: number;
	client_endpoint: string;
	server_endpoint: string;
	member_id: string;
	domain: string;
	scope: string;
	status: string;
	user_id: number;
}

export interface TokensState {
	refreshCount: number;
	codeExchangeCount: number;
	accessTokens: Array<{ token: string; userId: number; scope: string[]; expiresAt: number; expired: boolean }>;
	refreshTokens: Array<{ token: string; used: boolean }>;
}

export interface OAuthSettings {
	accessTokenLifetimeSec?: number;
	codeLifetimeSec?: number;
	scope?: string | string[];
}

export interface WebhookInfo {
	userId: number;
	secret: string;
	scope: string[];
	url: string;
}

export class SandboxControl {
	constructor(readonly baseUrl: string) {}

	private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.baseUrl}/_sandbox${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await res.json()) as T & { error_description?: string };
		if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status} ${json.error_description ?? ''}`);
		return json;
	}

	/** Back to the start options; `seed` picks the data ('demo' unless the sandbox was started with another). */
	reset(seed?: 'demo' | 'empty'): Promise<{ ok: true }> {
		return this.call('POST', '/reset', seed ? { seed } : {});
	}

	seed(data: SeedData): Promise<{ contacts: number[]; companies: number[] }> {
		return this.call('POST', '/seed', data);
	}

	getState(): Promise<SandboxState> {
		return this.call('GET', '/state');
	}

	setLimits(limits: { rate?: Partial<RateLimitConfig>; operating?: Partial<OperatingLimitConfig> }): Promise<LimitsState> {
		return this.call('POST', '/limits', limits);
	}

	setOAuth(settings: OAuthSettings): Promise<Required<Omit<OAuthSettings, 'scope'>> & { clientId: string; redirectUri: string; scope: string[] }> {
		return this.call('POST', '/oauth', settings);
	}

	expireAccessTokens(): Promise<{ expired: number }> {
		return this.call('POST', '/oauth/expire', {});
	}

	getTokens(): Promise<TokensState> {
		return this.call('GET', '/oauth/tokens');
	}

	/** A token pair without the authorize flow, e.g. one without the `crm` scope. */
	issueToken(options: { userId?: number; scope?: string | string[]; lifetimeSec?: number } = {}): Promise<TokenResponse> {
		return this.call('POST', '/oauth/tokens', options);
	}

	/** Another inbound webhook, e.g. one without the `crm` scope or for another user. */
	createWebhook(options: { userId?: number; scope?: string | string[]; secret?: string } = {}): Promise<WebhookInfo> {
		return this.call('POST', '/webhooks', options);
	}

	setBehaviour(behaviour: Partial<Behaviour>): Promise<Behaviour> {
		return this.call('POST', '/behaviour', behaviour);
	}

	injectFault(rule: { match?: FaultMatch; count?: number; fault: FaultSpec }): Promise<FaultRule> {
		return this.call('POST', '/faults', rule);
	}

	listFaults(): Promise<{ faults: FaultRule[] }> {
		return this.call('GET', '/faults');
	}

	clearFaults(): Promise<{ ok: true }> {
		return this.call('DELETE', '/faults');
	}

	async getLog(): Promise<LogEntry[]> {
		return (await this.call<{ entries: LogEntry[] }>('GET', '/log')).entries;
	}

	clearLog(): Promise<{ ok: true }> {
		return this.call('DELETE', '/log');
	}
}
