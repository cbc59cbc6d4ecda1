import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { RawAnswer } from './answer';
import { readBody, readRedirect, readThrownError } from './answer';
import type { Connection } from './connection';
import { movedConnection } from './connection';
import { readMove } from './portalMove';
import { throughTokenGate } from './tokenGate';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** One REST call as the transport sends it. */
export interface RestCall {
	method: string;
	params: IDataObject;
	timeoutMs: number;
}

/** The answer, and the connection for the requests after it: a new one when the portal moved. */
export interface Posted {
	answer: RawAnswer;
	connection: Connection;
}

async function postOnce(
	context: Context,
	connection: Connection,
	{ method, params, timeoutMs }: RestCall,
): Promise<RawAnswer> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${connection.restBaseUrl}${method}.json`,
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
			connection.credentialType,
			options,
			connection.credentials ? { credentialsDecrypted: connection.credentials } : undefined,
		)) as { statusCode?: number; body?: unknown; headers?: unknown };
		const status = Number(response.statusCode ?? 200);
		return readRedirect(status, response.headers) ?? readBody(status, response.body);
	} catch (error) {
		return readThrownError(error);
	}
}

/** A portal that moved is followed once; the answer comes with the connection to the new address. */
async function postFollowingMove(
	context: Context,
	connection: Connection,
	call: RestCall,
): Promise<Posted> {
	const answer = await postOnce(context, connection, call);
	if (answer.kind !== 'redirect') return { answer, connection };
	const move = readMove(connection.restBaseUrl, answer.location);
	if (!move.moved) return { answer: { ...answer, problem: move.problem }, connection };
	const moved = movedConnection(connection, move.restBaseUrl, move.to);
	const repeated = await postOnce(context, moved, call);
	if (repeated.kind !== 'redirect') return { answer: repeated, connection: moved };
	const problem = `another redirect from the new address ${move.to}, which the node does not follow`;
	return { answer: { ...repeated, problem }, connection: moved };
}

/**
 * One POST with a JSON body through n8n's authenticated request helper, so n8n signs OAuth2
 * requests and refreshes expired tokens itself (one refresh per expiry: see tokenGate.ts). Never
 * throws: every outcome, an HTTP error status included, comes back as a RawAnswer for the engine
 * to judge. (The webhook credential's test posts `profile` through its own helper, which n8n
 * gives credential tests: methods/credentialTest.ts.)
 */
export async function postMethod(
	context: Context,
	connection: Connection,
	call: RestCall,
): Promise<Posted> {
	return await throughTokenGate(
		context,
		connection,
		async () => await postFollowingMove(context, connection, call),
	);
}
