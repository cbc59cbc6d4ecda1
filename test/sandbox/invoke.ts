/** Runs one REST method for a caller: lookup, scope, operating-time limit, handler, server time, charge. */
import type { Caller } from './auth';
import type { OperatingInfo } from './envelope';
import { errors } from './errors';
import { sleep } from './http-io';
import type { MethodResult } from './methods/context';
import { findMethod } from './methods';
import type { Portal } from './portal';
import { serverTimeMs } from './server-time';
import type { Params } from './types';

export interface Invocation {
	outcome: MethodResult;
	operating?: OperatingInfo;
}

/**
 * The method's server time is spent before the answer: `spendUntil` is when this call may finish at
 * the earliest, kept by the caller so a batch of fifty short calls takes the sum of their times
 * rather than fifty timer slips.
 */
export async function invokeMethod(
	portal: Portal,
	caller: Caller,
	name: string,
	params: Params,
	clock: { spendUntil: number } = { spendUntil: Date.now() },
): Promise<Invocation> {
	const def = findMethod(portal.methods, name);
	if (!def) throw errors.methodNotFound();
	if (def.scope && !caller.scope.includes(def.scope))
		throw errors.insufficientScope(caller.mode, caller.inBatch);
	if (!portal.operating.allows(caller.identity, name)) throw errors.operationTimeLimit();
	const spentMs = serverTimeMs(portal.serverTime, name);
	let outcome: MethodResult | undefined;
	let failure: unknown;
	try {
		outcome = def.handler(params, {
			state: portal.state,
			userId: caller.userId,
			scope: caller.scope,
			behaviour: portal.behaviour,
		});
	} catch (e) {
		failure = e;
	}
	clock.spendUntil += spentMs;
	const waitMs = clock.spendUntil - Date.now();
	if (waitMs > 0) await sleep(waitMs);
	// The portal charges execution time whether or not the call succeeds.
	const operating = portal.operating.charge(caller.identity, name, spentMs);
	if (failure !== undefined) throw failure;
	return { outcome: outcome as MethodResult, operating };
}
