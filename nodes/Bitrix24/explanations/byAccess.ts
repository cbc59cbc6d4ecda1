import type { BitrixFailure } from '../transport/failure';
import type { Explanation, FailureContext } from './context';

/** Who calls, and what they need: the subject is always named. */
type AccessContext = FailureContext & { subject: string };

const isOAuth2 = (context: AccessContext) => context.credentialType === 'bitrix24OAuth2Api';

/** The define a self-hosted administrator adds to allow webhooks over HTTP ([server] APAuth\Auth). */
const ALLOW_HTTP_DEFINE =
	"define('REST_APAUTH_ALLOW_HTTP', true); in bitrix/php_interface/dbconn.php";

type ExplainAccess = (context: AccessContext, said: string, code: string) => Explanation;

const refusedToken: ExplainAccess = (_context, said, code) => ({
	message: 'The Bitrix24 access token was refused',
	description: `Bitrix24 answered ${code} and n8n could not renew the token.${said} Reconnect the Bitrix24 OAuth2 credential.`,
});

/**
 * A free-plan portal refuses every REST call with ACCESS_DENIED and these words ([server]
 * APAuth\Auth and OAuth\Auth; b24restdocs _includes/system-errors.md, access-to-rest-api.md).
 */
const FREE_PLAN = /only on commercial plans|only by subscription/i;

function freePlan(description: string): Explanation {
	return {
		message: "This Bitrix24 portal's plan has no REST API",
		description: `Bitrix24 answered ACCESS_DENIED ("${description}"). Bitrix24 offers webhooks, and so this node, only on commercial plans and during the demo period; once the portal is on one, try again.`,
	};
}

/** Refusals of who is calling, by Bitrix24's error code. */
const BY_ACCESS_CODE = new Map<string, ExplainAccess>([
	[
		'ACCESS_DENIED',
		(context, said) => ({
			message: `Bitrix24 denied access to ${context.subject}`,
			description: `The user behind the webhook or application lacks the right for ${context.method}.${said} Give that user permission to ${context.rights ?? 'use the CRM'} (CRM → Access permissions), or use a webhook created by a user who has it. On free plans the REST API itself is unavailable.`,
		}),
	],
	[
		'insufficient_scope',
		(context, said) => ({
			message: 'The credential lacks the CRM scope',
			description: isOAuth2(context)
				? `Bitrix24 refused ${context.method} because the local application has no "crm" scope.${said} In Bitrix24 open Developer resources → Other → Local application, edit this application, tick CRM (crm) under access permissions, save, then reconnect the Bitrix24 OAuth2 credential so its token carries the new scope.`
				: `Bitrix24 refused ${context.method} because the inbound webhook has no "crm" scope.${said} In Bitrix24 open Developer resources → Other → Inbound webhook, edit this webhook, tick CRM (crm) under access permissions and save; the webhook URL stays the same.`,
		}),
	],
	[
		'INVALID_CREDENTIALS',
		(_context, said) => ({
			message: 'Bitrix24 did not accept the webhook secret',
			description: `Bitrix24 answered INVALID_CREDENTIALS.${said} The user ID and secret in the webhook URL match no active inbound webhook: the webhook was deleted or its secret regenerated, or the URL was copied incompletely. Copy the inbound webhook URL from Bitrix24 again.`,
		}),
	],
	[
		'NO_AUTH_FOUND',
		(_context, said) => ({
			message: 'Bitrix24 did not accept the credential',
			description: `Bitrix24 answered NO_AUTH_FOUND: the request reached it without credentials it could read.${said} Reconnect the Bitrix24 OAuth2 credential, or copy the inbound webhook URL from Bitrix24 again.`,
		}),
	],
	['expired_token', refusedToken],
	['invalid_token', refusedToken],
	[
		// The token server's answer to a refresh whose client_id or client_secret it does not know.
		'invalid_client',
		(context, said) => ({
			message: 'Bitrix24 rejected the client ID or client secret',
			description: `Bitrix24's token server answered invalid_client while renewing the access token, so ${context.method} was not sent.${said} Check the Client ID and Client Secret in the Bitrix24 OAuth2 credential against the local application in Bitrix24 (Developer resources → Other → Local application), then reconnect the credential.`,
		}),
	],
	[
		'user_access_error',
		(_context, said) => ({
			message: 'The Bitrix24 user has no access to the application',
			description:
				`${said} Give the user access to the local application in Bitrix24, or connect the credential as another user.`.trim(),
		}),
	],
]);

/**
 * Why Bitrix24 refused who is calling (rather than what was asked), and what the user changes in
 * Bitrix24 or in the credential. Undefined for any other failure.
 */
export function explainAccessFailure(
	failure: BitrixFailure,
	failureContext: FailureContext,
): Explanation | undefined {
	const context = { ...failureContext, subject: failureContext.subject ?? 'the record' };
	const { code, description } = failure;
	const said = description ? ` Bitrix24 said: "${description}".` : '';
	if (code === 'ACCESS_DENIED' && FREE_PLAN.test(description)) return freePlan(description);
	const byCode = BY_ACCESS_CODE.get(code);
	if (byCode) return byCode(context, said, code);
	if (code === 'INVALID_REQUEST' && /https required/i.test(description)) {
		return {
			message: 'Bitrix24 accepts this webhook only over HTTPS',
			description: `Bitrix24 refused ${context.method} sent over plain HTTP.${said} Use the https:// address of the portal in the webhook URL. On a self-hosted portal without TLS, its administrator can allow webhooks over HTTP by adding ${ALLOW_HTTP_DEFINE}; the secret then travels unencrypted.`,
		};
	}
	return undefined;
}
