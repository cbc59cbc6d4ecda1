/** `/rest/...`: auth, the request-rate limit, then one method or a batch, answered in the portal's envelope. */
import type { IncomingMessage, ServerResponse } from 'http';
import { type RestRoute, authenticate, takeAccessToken } from './auth';
import { BATCH_MAX_LENGTH, parseCommands, runBatch } from './batch';
import { buildTime } from './envelope';
import { errors, isRestError } from './errors';
import { finish, receive, sendError } from './front';
import { sendJson } from './http-io';
import { invokeMethod } from './invoke';
import type { Portal } from './portal';
import type { SubCallLog } from './types';

export async function handleRest(
	portal: Portal,
	route: RestRoute,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<void> {
	let accessToken: string | undefined;
	const incoming = await receive(portal, req, res, url, {
		method: route.method,
		authMode: route.kind,
		prepare: (params) => {
			accessToken = takeAccessToken(params, req.headers.authorization);
		},
		subMethods: (params) =>
			route.method === 'batch'
				? parseCommands(params)
						.slice(0, BATCH_MAX_LENGTH)
						.map((c) => c.method)
				: [],
	});
	if (!incoming) return;
	try {
		const caller = authenticate(
			route,
			accessToken,
			portal.webhooks,
			portal.oauth,
			portal.options.allowHttpWebhooks,
		);
		// [server] APAuth\Auth and OAuth\Auth::onRestCheckAuth: once the credentials are known, a
		// portal whose plan has no REST API refuses every call (`Access::isAvailable`).
		if (portal.plan === 'free') throw errors.restOnCommercialPlansOnly();
		// The bucket counts HTTP requests: one batch is one request (b24restdocs settings/how-to-call-rest-api/batch.md).
		if (!portal.bucket.take()) throw errors.queryLimit();
		const processingStart = Date.now();
		if (route.method === 'batch') {
			const subCalls: SubCallLog[] = [];
			incoming.entry.subCalls = subCalls;
			const result = await runBatch(
				portal,
				{ ...caller, inBatch: true },
				incoming.params,
				{ path: url.pathname, authMode: route.kind, faults: portal.faults },
				subCalls,
			);
			// The outer batch call is not charged operating time (b24restdocs limits.md, [server] CRestServer::processCall).
			sendJson(res, 200, { result, time: buildTime(incoming.startedAt, processingStart) });
			finish(incoming, 200);
			return;
		}
		const { outcome, operating } = await invokeMethod(
			portal,
			caller,
			route.method,
			incoming.params,
		);
		const body: Record<string, unknown> = { result: outcome.result };
		if (outcome.next !== undefined) body.next = outcome.next;
		if (outcome.total !== undefined) body.total = outcome.total;
		body.time = buildTime(incoming.startedAt, processingStart, operating);
		sendJson(res, 200, body);
		finish(incoming, 200);
	} catch (e) {
		if (isRestError(e)) return sendError(incoming, e);
		sendJson(res, 500, {
			error: 'INTERNAL_SERVER_ERROR',
			error_description: 'Internal server error',
		});
		finish(incoming, 500, 'INTERNAL_SERVER_ERROR');
	}
}
