/** A typed client for the sandbox's control API (see README.md), used by tests and launchers. */
import type { FamilyKey } from './families';
import type { SeedCommunication, SeedRequisite } from './lookup-seed';
import type { Binding, Company, Contact, TitledRecord } from './state';
import type {
	Behaviour,
	FaultMatch,
	FaultRule,
	FaultSpec,
	LogEntry,
	OperatingLimitConfig,
	PortalPlan,
	RateLimitConfig,
	ServerTimeConfig,
} from './types';

export type { FamilyKey } from './families';

/** A binding to seed: the bound record under the family's key (COMPANY_ID or CONTACT_ID). */
export interface SeedBinding {
	COMPANY_ID?: number;
	CONTACT_ID?: number;
	SORT?: number;
	IS_PRIMARY?: 'Y' | 'N';
}

/** A binding as items.get answers it, for any family. */
export interface FamilyBinding {
	COMPANY_ID?: number;
	CONTACT_ID?: number;
	SORT: number;
	ROLE_ID: 0;
	IS_PRIMARY: 'Y' | 'N';
}

export interface SeedData {
	contacts?: Array<{ ID?: number; NAME: string; LAST_NAME?: string }>;
	companies?: Array<{ ID?: number; TITLE: string }>;
	deals?: Array<{ ID?: number; TITLE: string }>;
	leads?: Array<{ ID?: number; TITLE: string }>;
	quotes?: Array<{ ID?: number; TITLE: string }>;
	/** Contact → companies, keyed by contact ID (the `contactCompany` family). */
	bindings?: Record<string, Array<{ COMPANY_ID: number; SORT?: number; IS_PRIMARY?: 'Y' | 'N' }>>;
	/** Any family, keyed by family then owner ID: `{dealContact: {1: [{CONTACT_ID: 54}]}}`. Sets replace the owner's set. */
	familyBindings?: Partial<Record<FamilyKey, Record<string, SeedBinding[]>>>;
	/** Records of a kind only a family given in SandboxOptions.families owns: `{invoice: [{TITLE: 'A'}]}`. */
	records?: Record<string, Array<{ ID?: number; TITLE: string }>>;
	/** E-mails and phones of leads, contacts and companies, as crm.duplicate.findbycomm finds them. */
	communications?: SeedCommunication[];
	/** Requisites (tax IDs) of companies, as crm.requisite.list lists them. */
	requisites?: SeedRequisite[];
}

export interface SeedResult {
	contacts: number[];
	companies: number[];
	/** Present when the seed named them. */
	deals?: number[];
	leads?: number[];
	quotes?: number[];
	/** The IDs of `records`, by kind, when given. */
	records?: Record<string, number[]>;
	/** The new requisites' IDs, when given. */
	requisites?: number[];
}

export interface LimitsState {
	rate: RateLimitConfig & { level: number };
	operating: OperatingLimitConfig & {
		usage: Record<string, { operating: number; resetAt?: number }>;
	};
	serverTime: ServerTimeConfig;
}

export interface SandboxState {
	contacts: Array<Contact & { COMPANY_ID: number | null }>;
	companies: Company[];
	deals: Array<TitledRecord & { CONTACT_ID: number | null }>;
	leads: Array<TitledRecord & { CONTACT_ID: number | null }>;
	quotes: Array<TitledRecord & { CONTACT_ID: number | null }>;
	/** Contact → companies, keyed by contact ID; the same as `familyBindings.contactCompany`. */
	bindings: Record<string, Binding[]>;
	/** Every family's bindings, keyed by owner ID; owners without bindings are left out. */
	familyBindings: Record<FamilyKey, Record<string, FamilyBinding[]>>;
	limits: LimitsState;
	behaviour: Behaviour;
	plan: PortalPlan;
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
	accessTokens: Array<{
		token: string;
		userId: number;
		scope: string[];
		expiresAt: number;
		expired: boolean;
	}>;
	refreshTokens: Array<{ token: string; used: boolean }>;
}

export interface OAuthSettings {
	accessTokenLifetimeSec?: number;
	refreshTokenLifetimeSec?: number;
	codeLifetimeSec?: number;
	scope?: string | string[];
	/** The local application's handler URL, where /oauth/authorize/ sends the browser. */
	redirectUri?: string;
}

export interface WebhookInfo {
	userId: number;
	secret: string;
	scope: string[];
	url: string;
}

export class SandboxControl {
	constructor(readonly baseUrl: string) {}

	private async call<T>(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<T> {
		const res = await fetch(`${this.baseUrl}/_sandbox${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await res.json()) as T & { error_description?: string };
		if (!res.ok)
			throw new Error(
				`sandbox control ${method} ${path}: ${res.status} ${json.error_description ?? ''}`,
			);
		return json;
	}

	/** Back to the start options; `seed` picks the data ('demo' unless the sandbox was started with another). */
	reset(seed?: 'demo' | 'empty'): Promise<{ ok: true }> {
		return this.call('POST', '/reset', seed ? { seed } : {});
	}

	seed(data: SeedData): Promise<SeedResult> {
		return this.call('POST', '/seed', data);
	}

	getState(): Promise<SandboxState> {
		return this.call('GET', '/state');
	}

	setLimits(limits: {
		rate?: Partial<RateLimitConfig>;
		operating?: Partial<OperatingLimitConfig>;
		serverTime?: Partial<ServerTimeConfig>;
	}): Promise<LimitsState> {
		return this.call('POST', '/limits', limits);
	}

	setOAuth(settings: OAuthSettings): Promise<
		Required<Omit<OAuthSettings, 'scope'>> & {
			clientId: string;
			redirectUri: string;
			scope: string[];
		}
	> {
		return this.call('POST', '/oauth', settings);
	}

	expireAccessTokens(): Promise<{ expired: number }> {
		return this.call('POST', '/oauth/expire', {});
	}

	getTokens(): Promise<TokensState> {
		return this.call('GET', '/oauth/tokens');
	}

	/** A token pair without the authorize flow, e.g. one without the `crm` scope. */
	issueToken(
		options: { userId?: number; scope?: string | string[]; lifetimeSec?: number } = {},
	): Promise<TokenResponse> {
		return this.call('POST', '/oauth/tokens', options);
	}

	/** Another inbound webhook, e.g. one without the `crm` scope or for another user. */
	createWebhook(
		options: { userId?: number; scope?: string | string[]; secret?: string } = {},
	): Promise<WebhookInfo> {
		return this.call('POST', '/webhooks', options);
	}

	/**
	 * Ticks and unticks a webhook's scopes as editing it in Bitrix24 does: its URL stays. The
	 * default webhook unless `secret` names another.
	 */
	setWebhookScope(
		scope: string | string[],
		secret?: string,
	): Promise<{ userId: number; scope: string[] }> {
		return this.call(
			'POST',
			'/webhooks/scope',
			secret === undefined ? { scope } : { scope, secret },
		);
	}

	/** `free`: every REST call is refused with ACCESS_DENIED, as on Bitrix24's free plan. */
	setPlan(plan: PortalPlan): Promise<{ plan: PortalPlan }> {
		return this.call('POST', '/plan', { plan });
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
