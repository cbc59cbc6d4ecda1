/** Runs one REST method for a caller: lookup, scope, operating-time limit, handler, charge. */
import type { Caller } from './auth';
import type { OperatingInfo } from './envelope';
import { errors } from './errors';
import type { MethodResult } from './methods/context';
import { findMethod } from './methods';
import type { Portal } from './portal';
import type { Params } from './types';

export interface Invocation {
	outcome: MethodResult;
	operating?: OperatingInfo;
}

export function invokeMethod(portal: Portal, caller: Caller, name: string, params: Params): Invocation {
	const def = findMethod(name);
	if (!def) throw errors.methodNotFound();
	if (def.scope && !caller.scope.includes(def.scope)) throw errors.insufficientScope(caller.mode, caller.inBatch);
	if (!portal.operating.allows(caller.identity, name)) throw errors.operationTimeLimit();
	// The portal charges execution time whether or not the call succeeds.
	let operating: OperatingInfo | undefined;
	try {
		const outcome = def.handler(params, { state: portal.state, userId: caller.userId, behaviour: portal.behaviour });
		operating = portal.operating.charge(caller.identity, name);
		return { outcome, operating };
	} catch (e) {
		portal.operating.charge(caller.identity, name);
		throw e;
	}
}
