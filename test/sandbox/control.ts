/**
 * The control API under `/_sandbox/`: what tests use to arrange and inspect the portal. A real
 * portal has nothing like it, so it lives apart from `/rest/` and `/oauth/` and is never limited,
 * faulted or logged.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { randomBytes } from 'crypto';
import { DEFAULT_SCOPE, type Portal } from './portal';
import type { EntityKind, FamilyKey, SandboxFamily } from './families';
import { readBody, sendJson } from './http-io';
import { seedLookups } from './lookup-seed';
import { bindingAnswers } from './methods/bindings';
import type { TitledRecord } from './state';
import type {
	Behaviour,
	FaultMatch,
	FaultSpec,
	OperatingLimitConfig,
	RateLimitConfig,
	ServerTimeConfig,
} from './types';

type Json = Record<string, unknown>;

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const bad = (message: string) => new ControlError(400, message);

const isObject = (v: unknown): v is Json =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalNumber(obj: Json, key: string): number | undefined {
	const v = obj[key];
	if (v === undefined) return undefined;
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
		throw bad(`${key} must be a non-negative number`);
	return v;
}

type TitledKind = Exclude<EntityKind, 'contact'>;

/** The record arrays `seed` takes, by their key in the body. */
const TITLED_SEED_KEYS: Array<[string, TitledKind]> = [
	['companies', 'company'],
	['deals', 'deal'],
	['leads', 'lead'],
	['quotes', 'quote'],
];

function seedTitled(portal: Portal, key: string, kind: TitledKind, rows: unknown): number[] {
	if (!Array.isArray(rows)) throw bad(`${key} must be an array`);
	return rows.map((r: unknown) => {
		if (!isObject(r)) throw bad(`each of ${key} must be an object`);
		return portal.state.addTitled(kind, {
			ID: Number(r.ID) || undefined,
			TITLE: String(r.TITLE ?? ''),
		}).ID;
	});
}

/** Replaces owners' sets with the items.set rules; each binding names the bound record by the family's key. */
function seedBindings(
	portal: Portal,
	family: SandboxFamily,
	byOwner: unknown,
	label: string,
): void {
	if (!isObject(byOwner)) throw bad(`${label} must be an object`);
	for (const [ownerId, list] of Object.entries(byOwner)) {
		const id = Number(ownerId);
		if (!portal.state.has(family.owner, id))
			throw bad(`${label}: ${family.owner} ${ownerId} does not exist`);
		if (!Array.isArray(list)) throw bad(`${label} of ${family.owner} ${ownerId} must be an array`);
		portal.state.setBindings(
			family.key,
			id,
			list.map((b: unknown) => {
				if (!isObject(b)) throw bad('each binding must be an object');
				return {
					boundId: Number(b[family.idField]),
					SORT: b.SORT === undefined ? undefined : Number(b.SORT),
					IS_PRIMARY: b.IS_PRIMARY,
				};
			}),
		);
	}
}

/**
 * Records of the kinds only a family given to the sandbox owns (`{invoice: [{ID, TITLE}]}`),
 * answered as their IDs by kind.
 */
function seedOtherKinds(portal: Portal, records: unknown): Record<string, number[]> {
	if (!isObject(records)) throw bad('records must be an object');
	const owned = new Set(portal.options.families.flatMap((family) => [family.owner, family.bound]));
	const created: Record<string, number[]> = {};
	for (const [kind, rows] of Object.entries(records)) {
		if (
			kind === 'contact' ||
			TITLED_SEED_KEYS.some(([, builtIn]) => builtIn === kind) ||
			!owned.has(kind)
		) {
			throw bad(
				`records: ${kind} is not a kind of its own of a family the sandbox was given; seed built-in kinds by their keys`,
			);
		}
		created[kind] = seedTitled(portal, `records.${kind}`, kind, rows);
	}
	return created;
}

function seed(portal: Portal, body: Json) {
	const { contacts = [], bindings = {}, familyBindings = {}, records } = body;
	if (!Array.isArray(contacts) || !isObject(bindings) || !isObject(familyBindings)) {
		throw bad('contacts must be an array, bindings and familyBindings objects');
	}
	const created: Record<string, unknown> = {};
	for (const [key, kind] of TITLED_SEED_KEYS) {
		// companies are always answered, the newer kinds only when given (older callers compare the whole answer).
		if (body[key] !== undefined || key === 'companies')
			created[key] = seedTitled(portal, key, kind, body[key] ?? []);
	}
	if (records !== undefined) created.records = seedOtherKinds(portal, records);
	created.contacts = contacts.map((c: unknown) => {
		if (!isObject(c)) throw bad('each contact must be an object');
		return portal.state.addContact({
			ID: Number(c.ID) || undefined,
			NAME: String(c.NAME ?? ''),
			LAST_NAME: String(c.LAST_NAME ?? ''),
		}).ID;
	});
	// `bindings` is the contact→company family, keyed by contact, as before families existed.
	seedBindings(portal, portal.familyByKey('contactCompany') as SandboxFamily, bindings, 'bindings');
	for (const [key, byOwner] of Object.entries(familyBindings)) {
		const family = portal.familyByKey(key);
		if (!family) {
			throw bad(
				`familyBindings: unknown family ${key}; known: ${portal.options.families.map((known) => known.key).join(', ')}`,
			);
		}
		seedBindings(portal, family, byOwner, `familyBindings.${key}`);
	}
	try {
		// E-mails, phones and requisites, which records are found by (lookup-seed.ts).
		Object.assign(created, seedLookups(portal, body));
	} catch (error) {
		throw bad((error as Error).message);
	}
	return created;
}

function bindingsByOwner(portal: Portal, family: SandboxFamily): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const id of portal.state.ownersWithBindings(family.key))
		out[id] = bindingAnswers(family, portal, id);
	return out;
}

function state(portal: Portal) {
	const s = portal.state;
	const byId = <T extends { ID: number }>(map: Map<number, T>): T[] =>
		[...map.values()].sort((a, b) => a.ID - b.ID);
	const withContact = (family: FamilyKey) => (r: TitledRecord) => ({
		...r,
		CONTACT_ID: s.primaryBoundId(family, r.ID),
	});
	return {
		contacts: byId(s.contacts).map((c) => ({
			...c,
			COMPANY_ID: s.primaryBoundId('contactCompany', c.ID),
		})),
		companies: byId(s.companies),
		deals: byId(s.deals).map(withContact('dealContact')),
		leads: byId(s.leads).map(withContact('leadContact')),
		quotes: byId(s.quotes).map(withContact('quoteContact')),
		bindings: bindingsByOwner(portal, portal.familyByKey('contactCompany') as SandboxFamily),
		familyBindings: Object.fromEntries(
			portal.options.families.map((family) => [family.key, bindingsByOwner(portal, family)]),
		),
		limits: limits(portal),
		behaviour: portal.behaviour,
		plan: portal.plan,
	};
}

function limits(portal: Portal) {
	return {
		rate: { ...portal.bucket.config, level: portal.bucket.currentLevel() },
		operating: { ...portal.operating.config, usage: portal.operating.usage() },
		serverTime: portal.serverTime,
	};
}

/** Partial updates; a new rate config empties the bucket and a new operating config forgets charges, so tests start clean. */
function setLimits(portal: Portal, body: Json) {
	if (body.rate !== undefined) {
		if (!isObject(body.rate)) throw bad('rate must be an object');
		const next: RateLimitConfig = { ...portal.bucket.config };
		if (body.rate.enabled !== undefined) next.enabled = Boolean(body.rate.enabled);
		next.burst = optionalNumber(body.rate, 'burst') ?? next.burst;
		next.drainPerSec = optionalNumber(body.rate, 'drainPerSec') ?? next.drainPerSec;
		portal.bucket.config = next;
		portal.bucket.reset();
	}
	if (body.operating !== undefined) {
		if (!isObject(body.operating)) throw bad('operating must be an object');
		const o = body.operating;
		const next: OperatingLimitConfig = { ...portal.operating.config };
		if (o.enabled !== undefined) next.enabled = Boolean(o.enabled);
		next.limitMs = optionalNumber(o, 'limitMs') ?? next.limitMs;
		next.windowMs = optionalNumber(o, 'windowMs') ?? next.windowMs;
		next.buckets = optionalNumber(o, 'buckets') ?? next.buckets;
		portal.operating.config = next;
		portal.operating.reset();
	}
	if (body.serverTime !== undefined) {
		if (!isObject(body.serverTime)) throw bad('serverTime must be an object');
		const t = body.serverTime;
		const next: ServerTimeConfig = { ...portal.serverTime };
		if (t.enabled !== undefined) next.enabled = Boolean(t.enabled);
		next.defaultMs = optionalNumber(t, 'defaultMs') ?? next.defaultMs;
		if (t.byMethod !== undefined) {
			if (!isObject(t.byMethod)) throw bad('serverTime.byMethod must be an object');
			next.byMethod = Object.fromEntries(
				Object.entries(t.byMethod).map(([k, v]) => [k.toLowerCase(), Number(v)]),
			);
		}
		portal.serverTime = next;
	}
	return limits(portal);
}

function setOAuth(portal: Portal, body: Json) {
	const config = portal.oauth.config;
	config.accessTokenLifetimeSec =
		optionalNumber(body, 'accessTokenLifetimeSec') ?? config.accessTokenLifetimeSec;
	config.codeLifetimeSec = optionalNumber(body, 'codeLifetimeSec') ?? config.codeLifetimeSec;
	config.refreshTokenLifetimeSec =
		optionalNumber(body, 'refreshTokenLifetimeSec') ?? config.refreshTokenLifetimeSec;
	if (body.scope !== undefined) config.scope = scopeList(body.scope);
	if (body.redirectUri !== undefined) {
		if (typeof body.redirectUri !== 'string') throw bad('redirectUri must be a string');
		config.redirectUri = body.redirectUri;
	}
	return {
		clientId: config.clientId,
		redirectUri: config.redirectUri,
		accessTokenLifetimeSec: config.accessTokenLifetimeSec,
		refreshTokenLifetimeSec: config.refreshTokenLifetimeSec,
		codeLifetimeSec: config.codeLifetimeSec,
		scope: config.scope,
	};
}

function scopeList(v: unknown): string[] {
	if (typeof v === 'string')
		return v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v;
	throw bad('scope must be a string or an array of strings');
}

const FAULT_KINDS = ['status', 'html', 'truncated', 'empty', 'drop', 'delay'];

function addFault(portal: Portal, body: Json) {
	const match = body.match ?? {};
	const fault = body.fault;
	if (!isObject(match)) throw bad('match must be an object');
	if (!isObject(fault) || !FAULT_KINDS.includes(String(fault.kind)))
		throw bad(`fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
	if (fault.kind === 'status' && typeof fault.status !== 'number')
		throw bad('a status fault needs a numeric status');
	if (fault.kind === 'delay' && typeof fault.ms !== 'number') throw bad('a delay fault needs ms');
	const count = body.count === undefined ? 1 : Number(body.count);
	if (!(count > 0)) throw bad('count must be a positive number');
	return portal.faults.add(match as FaultMatch, count, fault as unknown as FaultSpec);
}

function setBehaviour(portal: Portal, body: Json) {
	const next: Behaviour = { ...portal.behaviour };
	if (body.itemsGetUnknownContact !== undefined) {
		if (body.itemsGetUnknownContact !== 'notFound' && body.itemsGetUnknownContact !== 'empty')
			throw bad("itemsGetUnknownContact must be 'notFound' or 'empty'");
		next.itemsGetUnknownContact = body.itemsGetUnknownContact;
	}
	if (body.emptyItemsSet !== undefined) {
		if (body.emptyItemsSet !== 'clear' && body.emptyItemsSet !== 'error')
			throw bad("emptyItemsSet must be 'clear' or 'error'");
		next.emptyItemsSet = body.emptyItemsSet;
	}
	portal.behaviour = next;
	return next;
}

function createWebhook(portal: Portal, body: Json, baseUrl: string) {
	const userId = optionalNumber(body, 'userId') ?? portal.options.userId;
	const scope = body.scope === undefined ? [...DEFAULT_SCOPE] : scopeList(body.scope);
	const secret =
		typeof body.secret === 'string' && body.secret ? body.secret : randomBytes(8).toString('hex');
	portal.webhooks.set(secret, { userId, scope });
	if (!portal.state.users.has(userId))
		portal.state.users.set(userId, {
			ID: userId,
			NAME: `User ${userId}`,
			LAST_NAME: '',
			ADMIN: false,
		});
	return { userId, secret, scope, url: `${baseUrl}/rest/${userId}/${secret}/` };
}

/**
 * What editing an inbound webhook in Bitrix24 does: its access permissions change and its URL
 * stays (b24restdocs local-integrations/local-webhooks.md). The default webhook unless `secret`
 * names another.
 */
function setWebhookScope(portal: Portal, body: Json) {
	if (body.scope === undefined) throw bad('scope is required');
	const secret = typeof body.secret === 'string' ? body.secret : portal.options.webhookSecret;
	const hook = portal.webhooks.get(secret);
	if (!hook) throw new ControlError(404, 'No webhook with that secret');
	hook.scope = scopeList(body.scope);
	return { userId: hook.userId, scope: hook.scope };
}

function setPlan(portal: Portal, body: Json) {
	if (body.plan !== 'commercial' && body.plan !== 'free')
		throw bad("plan must be 'commercial' or 'free'");
	portal.plan = body.plan;
	return { plan: portal.plan };
}

type Route = (portal: Portal, body: Json, info: () => Json) => unknown;

const routes: Record<string, Route> = {
	'GET /_sandbox': (_p, _b, info) => info(),
	'POST /_sandbox/reset': (portal, body) => {
		if (body.seed !== undefined && body.seed !== 'demo' && body.seed !== 'empty')
			throw bad("seed must be 'demo' or 'empty'");
		portal.reset(body.seed as 'demo' | 'empty' | undefined);
		return { ok: true };
	},
	'POST /_sandbox/seed': (portal, body) => seed(portal, body),
	'GET /_sandbox/state': (portal) => state(portal),
	'GET /_sandbox/limits': (portal) => limits(portal),
	'POST /_sandbox/limits': (portal, body) => setLimits(portal, body),
	'POST /_sandbox/oauth': (portal, body) => setOAuth(portal, body),
	'POST /_sandbox/oauth/expire': (portal) => ({ expired: portal.oauth.expireAll() }),
	'GET /_sandbox/oauth/tokens': (portal) => portal.oauth.snapshot(),
	'POST /_sandbox/oauth/tokens': (portal, body) =>
		portal.oauth.issue(
			optionalNumber(body, 'userId') ?? portal.options.userId,
			body.scope === undefined ? [...portal.oauth.config.scope] : scopeList(body.scope),
			optionalNumber(body, 'lifetimeSec'),
		),
	'POST /_sandbox/webhooks': (portal, body, info) =>
		createWebhook(portal, body, String(info().baseUrl)),
	'POST /_sandbox/webhooks/scope': (portal, body) => setWebhookScope(portal, body),
	'POST /_sandbox/plan': (portal, body) => setPlan(portal, body),
	'POST /_sandbox/behaviour': (portal, body) => setBehaviour(portal, body),
	'GET /_sandbox/faults': (portal) => ({ faults: portal.faults.list() }),
	'POST /_sandbox/faults': (portal, body) => addFault(portal, body),
	'DELETE /_sandbox/faults': (portal) => {
		portal.faults.clear();
		return { ok: true };
	},
	'GET /_sandbox/log': (portal) => ({ entries: portal.log.all() }),
	'DELETE /_sandbox/log': (portal) => {
		portal.log.clear();
		return { ok: true };
	},
};

export async function handleControl(
	portal: Portal,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	info: () => Json,
): Promise<void> {
	const { body, tooLarge } = await readBody(req, portal.options.maxBodyBytes);
	const route = routes[`${req.method} ${url.pathname.replace(/\/+$/, '')}`];
	try {
		if (!route) throw new ControlError(404, `No control endpoint ${req.method} ${url.pathname}`);
		if (tooLarge) throw bad('body too large');
		let parsed: unknown = {};
		if (body.length) {
			try {
				parsed = JSON.parse(body.toString('utf8'));
			} catch {
				throw bad('body must be JSON');
			}
		}
		if (!isObject(parsed)) throw bad('body must be a JSON object');
		sendJson(res, 200, route(portal, parsed, info));
	} catch (e) {
		const status = e instanceof ControlError ? e.status : 500;
		sendJson(res, status, {
			error: status === 404 ? 'NOT_FOUND' : status === 400 ? 'BAD_REQUEST' : 'INTERNAL_ERROR',
			error_description: e instanceof Error ? e.message : String(e),
		});
	}
}
