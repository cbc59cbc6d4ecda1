/**
 * What every portal request (REST and OAuth) goes through before its handler: body reading and
 * decoding, the request log, and injected faults.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { type RestError, errors } from './errors';
import { parseBody, parsePhpQuery } from './encoding';
import { sendFault } from './fault-answers';
import { httpLevelKinds } from './faults';
import { readBody, sendJson, sleep } from './http-io';
import type { Portal } from './portal';
import { maskParams, maskPath } from './request-log';
import type { AuthMode, LogEntry, Params } from './types';

export interface Incoming {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	startedAt: number;
	entry: LogEntry;
	params: Params;
}

export interface FrontOptions {
	method: string | null;
	authMode: AuthMode;
	/** REST methods a batch will call, so faults aimed at them can replace the whole answer. */
	subMethods?: (params: Params) => string[];
	/** Runs on the decoded parameters before they are logged (e.g. taking the access token out). */
	prepare?: (params: Params) => void;
}

/** Finishes the log entry of a request. */
export function finish(incoming: Incoming, status: number, error?: string): void {
	incoming.entry.status = status;
	if (error !== undefined) incoming.entry.error = error;
	incoming.entry.durationMs = Date.now() - incoming.startedAt;
}

export function sendError(incoming: Incoming, e: RestError): void {
	sendJson(incoming.res, e.status, e.toBody());
	finish(incoming, e.status, e.code);
}

/** Returns the decoded request, or null when it has already been answered (bad body or a fault). */
export async function receive(
	portal: Portal,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	options: FrontOptions,
): Promise<Incoming | null> {
	const startedAt = Date.now();
	const { body, tooLarge } = await readBody(req, portal.options.maxBodyBytes);
	const entry = portal.log.add({
		at: new Date(startedAt).toISOString(),
		httpMethod: req.method ?? '',
		path: maskPath(url.pathname, url.search, portal.webhooks.keys()),
		method: options.method,
		authMode: options.authMode,
		params: {},
		status: 0,
		durationMs: 0,
	});
	const incoming: Incoming = { req, res, url, startedAt, entry, params: {} };
	if (tooLarge) {
		sendError(
			incoming,
			errors.invalidRequest(`Request body is larger than ${portal.options.maxBodyBytes} bytes`),
		);
		return null;
	}
	const parsed = parseBody(body, req.headers['content-type']);
	if (!parsed.ok) {
		sendError(incoming, errors.invalidRequest(parsed.description));
		return null;
	}
	// PHP merges query and body parameters; the body wins.
	incoming.params = { ...parsePhpQuery(url.search.slice(1)), ...parsed.params };
	options.prepare?.(incoming.params);
	entry.params = maskParams(incoming.params);

	const target = { path: url.pathname, authMode: options.authMode };
	let fault = portal.faults.take({ ...target, method: options.method });
	for (const sub of fault ? [] : (options.subMethods?.(incoming.params) ?? [])) {
		fault = portal.faults.take(
			{ ...target, method: sub },
			(f) => httpLevelKinds.has(f.kind) || f.kind === 'delay',
		);
		if (fault) break;
	}
	if (fault?.kind === 'delay') await sleep(fault.ms);
	else if (fault) {
		entry.fault = fault.kind;
		finish(
			incoming,
			sendFault(res, fault),
			fault.kind === 'status' ? errorCodeOf(fault.body) : undefined,
		);
		return null;
	}
	return incoming;
}

const errorCodeOf = (body: unknown): string | undefined =>
	typeof body === 'object' && body !== null && 'error' in body
		? String((body as { error: unknown }).error)
		: undefined;
