import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import type { Connection } from './connection';
import { tokenExpiryMs } from './tokenExpiry';

/**
 * One OAuth2 refresh per token expiry. Bitrix24 rotates refresh tokens: once one refresh has used
 * the refresh token, a second refresh with it fails with `invalid_grant`. Requests in flight when
 * the access token expires each get 401 `expired_token`, and each makes n8n refresh. So around the
 * expiry Bitrix24 announces (`expires`, unix seconds, in every token answer) one request goes
 * alone: it waits until no other request of that credential is in flight, n8n refreshes the token
 * for it, and the others follow with the new token. The gate is per credential and per n8n
 * process, so concurrent executions in one process share it.
 */

/** How long before the announced expiry the gate closes: covers clock skew and slow requests. */
const EXPIRY_MARGIN_MS = 60_000;

interface GateState {
	/** When the newest token known to this process expires, in epoch ms. */
	expiresAtMs?: number;
	inFlight: number;
	/** Set while a request goes alone; settles when it is answered. */
	solo?: Promise<void>;
	whenIdle: Array<() => void>;
}

const gates = new Map<string, GateState>();

function stateFor(key: string): GateState {
	let state = gates.get(key);
	if (!state) {
		state = { inFlight: 0, whenIdle: [] };
		gates.set(key, state);
	}
	return state;
}

function learn(state: GateState, expiresAtMs: number | undefined): void {
	if (
		expiresAtMs !== undefined &&
		(state.expiresAtMs === undefined || expiresAtMs > state.expiresAtMs)
	) {
		state.expiresAtMs = expiresAtMs;
	}
}

const nearExpiry = (state: GateState) =>
	state.expiresAtMs !== undefined && Date.now() >= state.expiresAtMs - EXPIRY_MARGIN_MS;

/** After the lone request: the token n8n now holds, refreshed or not, says when it expires. */
async function readStoredExpiry(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	connection: Connection,
): Promise<number | undefined> {
	try {
		const credentials = await context.getCredentials(connection.credentialType);
		return tokenExpiryMs(credentials.oauthTokenData);
	} catch {
		return undefined;
	}
}

/** Sends `request` through the gate of the connection's OAuth2 credential; webhooks pass straight. */
export async function throughTokenGate<T>(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	connection: Connection,
	request: () => Promise<T>,
): Promise<T> {
	if (!connection.tokenGateKey) return await request();
	const state = stateFor(connection.tokenGateKey);
	learn(state, connection.tokenExpiresAtMs);
	for (;;) {
		if (state.solo) {
			await state.solo;
			continue;
		}
		if (!nearExpiry(state)) break;
		let settle!: () => void;
		state.solo = new Promise<void>((resolve) => (settle = resolve));
		try {
			while (state.inFlight > 0) await new Promise<void>((resolve) => state.whenIdle.push(resolve));
			const answer = await request();
			const stored = await readStoredExpiry(context, connection);
			learn(state, stored);
			// A token n8n did not need to refresh yet is still near its expiry: keep going alone
			// until the refresh has happened, but do not wait on a token that announces no expiry.
			if (stored === undefined) state.expiresAtMs = undefined;
			return answer;
		} finally {
			state.solo = undefined;
			settle();
		}
	}
	state.inFlight += 1;
	try {
		return await request();
	} finally {
		state.inFlight -= 1;
		if (state.inFlight === 0) for (const wake of state.whenIdle.splice(0)) wake();
	}
}
