import type { ICredentialsDecrypted } from 'n8n-workflow';

/**
 * How to reach the portal behind a credential and what must never be shown of it. Never changed
 * in place: a portal that moves gives a new connection (`movedConnection`), which the engine's
 * session uses for the rest of the execution.
 */
export interface Connection {
	readonly credentialType: string;
	/** REST base with a trailing slash; a method name is appended to it. */
	readonly restBaseUrl: string;
	/** The portal's origin as the credential gives it, e.g. `https://portal.bitrix24.com`. */
	readonly origin: string;
	/** Values that must never appear in an error, log line or output. */
	readonly secrets: readonly string[];
	/** The origin the portal moved to during this execution, once a redirect said so (portalMove.ts). */
	readonly movedTo?: string;
	/** OAuth2: which credential's token gate the requests pass (tokenGate.ts), and when its token expires. */
	readonly tokenGateKey?: string;
	readonly tokenExpiresAtMs?: number;
	/**
	 * The webhook credential, decrypted once per execution: handed to n8n's request helper, which
	 * would otherwise load and decrypt it again for each of thousands of requests. OAuth2 has none:
	 * n8n must read its token afresh, since a refresh can replace it mid-run.
	 */
	readonly credentials?: ICredentialsDecrypted;
}

/** The same connection at the address the portal moved to. */
export function movedConnection(
	connection: Connection,
	restBaseUrl: string,
	movedTo: string,
): Connection {
	return { ...connection, restBaseUrl, movedTo };
}
