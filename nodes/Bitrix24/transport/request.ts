import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { RawAnswer } from './answer';
import { readBody, readRedirect, readThrownError } from './answer';
import type { Portal } from './portal';
import { movedMessage, readMove } from './portalMove';
import { throughTokenGate } from './tokenGate';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** One REST call as the transport sends it. */
interface Post {
	method: string;
	params: IDataObject;
	timeoutMs: number;
}

async function postOnce(
	context: Context,
	portal: Portal,
	{ method, params, timeoutMs }: Post,
): Promise<RawAnswer> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${portal.restBaseUrl}${method}.json`,
		body: params,
		json: true,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		timeout: timeoutMs,
		// Followed, a 302 would turn this POST into a GET without its body (see portalMove.ts).
		disableFollowRedirect: true,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			portal.credentialType,
			options,
			portal.credentials ? { credentialsDecrypted: portal.credentials } : undefined,
		)) as { statusCode?: number; body?: unknown; headers?: unknown };
		const status = Number(response.statusCode ?? 200);
		return readRedirect(status, response.headers) ?? readBody(status, response.body);
	} catch (error) {
		return readThrownError(error);
	}
}

/** A portal that moved is followed once, and `portal` keeps its new address. */
async function postFollowingMove(context: Context, portal: Portal, post: Post): Promise<RawAnswer> {
	// Another request may move `portal` while this one is on its way: judge against where it went.
	const sentTo = portal.restBaseUrl;
	const answer = await postOnce(context, portal, post);
	if (answer.kind !== 'redirect') return answer;
	const move = readMove(sentTo, answer.location);
	if (!move.moved) return { ...answer, problem: move.problem };
	if (portal.restBaseUrl !== move.restBaseUrl) {
		portal.restBaseUrl = move.restBaseUrl;
		if (!portal.movedTo)
			context.logger.warn(movedMessage(move.from, move.to, portal.credentialType, portal.secrets));
		portal.movedTo = move.to;
	}
	const repeated = await postOnce(context, portal, post);
	if (repeated.kind !== 'redirect') return repeated;
	return {
		...repeated,
		problem: `another redirect from the new address ${move.to}, which the node does not follow`,
	};
}

/**
 * The only place that talks HTTP. One POST with a JSON body through n8n's authenticated request
 * helper, so n8n signs OAuth2 requests and refreshes expired tokens itself (one refresh per
 * expiry: see tokenGate.ts). Never throws: every outcome, an HTTP error status included, comes
 * back as a RawAnswer for the engine to judge.
 */
export async function postMethod(
	context: Context,
	portal: Portal,
	method: string,
	params: IDataObject,
	timeoutMs: number,
): Promise<RawAnswer> {
	return await throughTokenGate(
		context,
		portal,
		async () => await postFollowingMove(context, portal, { method, params, timeoutMs }),
	);
}
