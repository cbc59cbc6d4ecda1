/**
 * Bitrix24 REST errors: `{"error": code, "error_description": text}` with an HTTP status
 * (the error tables of b24restdocs api-reference/crm/contacts/company/, _includes/system-errors.md, [server] CRestServer::processException, _includes/system-errors.md, [server] Rest\OAuth\Auth, limits.md, settings/how-to-call-rest-api/batch.md). `error` is often the empty string, as on the portal.
 */
export class RestError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly description: string,
	) {
		super(`${code || '(empty)'}: ${description}`);
	}

	toBody(): { error: string; error_description: string } {
		return { error: this.code, error_description: this.description };
	}
}

/** Errors the CRM REST proxy raises as plain `RestException('...')`: empty code, HTTP 400 (b24restdocs _includes/system-errors.md, [server] CRestServer::processException). */
export const crmError = (description: string): RestError => new RestError(400, '', description);

export const errors = {
	// the error tables of b24restdocs api-reference/crm/contacts/company/, for the record methods (the binding families' wording is in families.ts)
	fieldsNotArray: () => crmError("The parameter 'fields' must be array"),
	notFound: () => crmError('Not found'),
	idInvalid: () => crmError('ID is not defined or invalid.'),
	// b24restdocs _includes/system-errors.md, [server] Rest\OAuth\Auth
	noAuth: () => new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
	// [server] Bitrix\Rest\APAuth\Auth::check: a webhook whose user or secret matches no active
	// webhook. The docs' table says 403; the server's OAuthException answers 401, and the server wins.
	invalidCredentials: () =>
		new RestError(401, 'INVALID_CREDENTIALS', 'Invalid request credentials'),
	// [server] APAuth\Auth::onRestCheckAuth without REST_APAUTH_ALLOW_HTTP; the docs say 400, the server 401.
	httpsRequired: () => new RestError(401, 'INVALID_REQUEST', 'Https required.'),
	expiredToken: () => new RestError(401, 'expired_token', 'The access token provided has expired.'),
	invalidToken: () => new RestError(401, 'invalid_token', 'Unable to get application by token'),
	insufficientScope: (by: 'webhook' | 'oauth', inBatch = false) =>
		new RestError(
			403,
			'insufficient_scope',
			// Inside a batch the command's entry carries the code only (batch.md, "Error Example").
			inBatch
				? ''
				: `The request requires higher privileges than provided by the ${by === 'webhook' ? 'webhook' : 'access'} token`,
		),
	// [server] Bitrix\Rest\APAuth\Auth and Rest\OAuth\Auth::onRestCheckAuth on a plan without the
	// REST API (b24restdocs access-to-rest-api.md: "only available on paid plans … and during the demo
	// plan"). The docs' table (_includes/system-errors.md) lists ACCESS_DENIED "REST API is available
	// only on commercial plans" as 403; the server's words differ by "API", and like every refusal
	// of onRestCheckAuth (INVALID_CREDENTIALS above) it goes out as 401. The sandbox follows the server.
	restOnCommercialPlansOnly: () =>
		new RestError(401, 'ACCESS_DENIED', 'REST is available only on commercial plans.'),
	methodNotFound: () => new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'),
	// b24restdocs limits.md, [server] CRestServer::processCall
	queryLimit: () => new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
	operationTimeLimit: () =>
		new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.'),
	// b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch
	batchLengthExceeded: () =>
		new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded'),
	batchMethodNotAllowed: () =>
		new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage'),
	// Not documented by Bitrix24: the sandbox's answer to bodies it cannot read (README "Choices").
	invalidRequest: (description: string) => new RestError(400, 'INVALID_REQUEST', description),
};

export const isRestError = (e: unknown): e is RestError => e instanceof RestError;
