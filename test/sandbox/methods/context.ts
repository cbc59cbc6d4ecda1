/** What a REST method handler gets and returns, and how it reads PHP-style parameters. */
import type { PortalState } from '../state';
import type { Behaviour, Params } from '../types';

export interface CallContext {
	state: PortalState;
	userId: number;
	/** The scopes of the webhook or token that calls (the `scope` method answers them). */
	scope: string[];
	behaviour: Behaviour;
}

export interface MethodResult {
	result: unknown;
	/** List methods: moved to the top level of the envelope (b24restdocs api-reference/data-types.md, [server] CRestServer::processResponse). */
	total?: number;
	next?: number;
}

export interface MethodDef {
	/** Scope the caller needs; null for methods every app and webhook may call. */
	scope: string | null;
	handler: (params: Params, ctx: CallContext) => MethodResult;
}

/** A parameter by name; the CRM proxy also accepts the upper-case spelling (`id` / `ID`). */
export function param(params: Params, name: string): unknown {
	if (params[name] !== undefined) return params[name];
	return params[name.toUpperCase()];
}

/** PHP's intval, which is how the server reads ids: "54" → 54, "abc" → 0, 7.9 → 7. */
export function intval(v: unknown): number {
	if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (typeof v === 'string') {
		const m = /^\s*([+-]?\d+)/.exec(v);
		return m ? parseInt(m[1], 10) : 0;
	}
	return 0;
}
