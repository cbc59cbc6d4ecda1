import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import type { Connection } from '../transport/connection';
import type { Portal } from '../transport/portal';
import { movedMessage } from '../transport/portalMove';
import type { PortalLimits } from '../transport/tariff';
import { LimitWaits } from './limitWaits';
import { ProgressReporter } from './progress';
import type { LeakyBucket } from './rateLimiter';
import { bucketFor } from './rateLimiter';
import type { EngineSettings } from './types';

/**
 * Everything the requests of one execution (or one picker's search) share: where they go, the
 * limits they pace under and this process's accounts of them, the bound on waits, the settings
 * and the progress log. The one context the engine passes around.
 */
export interface Session {
	/** An execution, the editor loading a picker's list, or a trigger's poll. */
	readonly context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;
	/** Replaced, never changed, when the portal moves: see `adoptConnection`. */
	connection: Connection;
	readonly limits: PortalLimits;
	readonly settings: EngineSettings;
	readonly bucket: LeakyBucket;
	readonly limitWaits: LimitWaits;
	readonly progress: ProgressReporter;
}

/** `itemCount` is what the progress log counts towards. */
export function openSession(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	portal: Portal,
	settings: EngineSettings,
	itemCount: number,
): Session {
	return {
		context,
		connection: portal.connection,
		limits: portal.limits,
		settings,
		bucket: bucketFor(portal.limits.bucketKey, portal.limits.rateLimit),
		limitWaits: new LimitWaits(settings.maxLimitWaitMs),
		progress: new ProgressReporter(context.logger, itemCount),
	};
}

/**
 * The connection a request came back with becomes the session's when the portal moved, so the
 * rest of the execution goes to the new address. The move is logged once, however many requests
 * were on their way when it happened.
 */
export function adoptConnection(session: Session, connection: Connection): void {
	if (!connection.movedTo || connection.movedTo === session.connection.movedTo) return;
	const { credentialType, secrets, origin } = session.connection;
	session.context.logger.warn(movedMessage(origin, connection.movedTo, credentialType, secrets));
	session.connection = connection;
}

/**
 * Requests a run makes for itself before the items' calls (the lookups, the bulk reads): under the
 * same connection, limits and waits, with a progress count of their own, as no item is done by
 * them. A portal move they saw becomes the run's, so the items' calls go to the new address.
 */
export async function inOwnRound<T>(
	session: Session,
	work: (round: Session) => Promise<T>,
): Promise<T> {
	const round: Session = { ...session, progress: new ProgressReporter(session.context.logger, 0) };
	try {
		return await work(round);
	} finally {
		adoptConnection(session, round.connection);
	}
}
