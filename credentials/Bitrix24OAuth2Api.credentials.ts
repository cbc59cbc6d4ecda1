import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { rateLimitProperties } from './rateLimitProperties';

const BITRIX24_TOKEN_SERVERS = {
	global: 'https://oauth.bitrix.info/oauth/token/',
	east: 'https://oauth.bitrix24.tech/oauth/token/',
};

const NO_CRM_SCOPE_MESSAGE =
	'The local application lacks the CRM scope, which every Bitrix24 node operation needs. In Bitrix24 open Developer resources → Other → Local application, edit this application, tick CRM (crm) under access permissions and save; then reconnect this credential so its token carries the new scope.';

// b24restdocs access-to-rest-api.md: the REST API exists only on commercial plans and during the
// demo period; a free-plan portal refuses every call (ACCESS_DENIED, _includes/system-errors.md).
const TOKEN_REFUSED_MESSAGE =
	'Bitrix24 refused the connection even with a renewed token. If the portal is on the free plan: Bitrix24 offers its REST API, and so this node, only on commercial plans and during the demo period. Otherwise reconnect the credential, and check that the user who connects has access to the local application.';

const PORTAL_MOVED_MESSAGE =
	'The Bitrix24 portal has moved to another address (it answered with a redirect). The node follows it, but set the Portal URL to the new address and reconnect the credential.';

const TEST_RULES: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	...[301, 302, 401, 403].map((value) => ({
		type: 'responseCode' as const,
		properties: { value, message: value < 400 ? PORTAL_MOVED_MESSAGE : TOKEN_REFUSED_MESSAGE },
	})),
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'result.result_error.crm.error',
			value: 'insufficient_scope',
			message: NO_CRM_SCOPE_MESSAGE,
		},
	},
];

export class Bitrix24OAuth2Api implements ICredentialType {
	name = 'bitrix24OAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Bitrix24 OAuth2 API';

	icon: Icon = { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' };

	// This package's own setup steps: where the client ID, secret and redirect URL come from.
	documentationUrl =
		'https://github.com/bitrix24-n8n/n8n-nodes-bitrix24-contact-companies#oauth2-bitrix24-oauth2-api';

	// n8n shows the fields of oAuth2Api first, in its order (Client ID, Client Secret, then its own
	// Allowed HTTP Request Domains), and this credential's new fields after them, in the order
	// below: both the server and the editor merge a credential into the one it extends with
	// n8n-workflow's mergeNodeProperties, which keeps an overridden field where the parent has it.
	// So the Portal URL comes right after n8n's fields, then the token server, then the notice.
	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			// Replace oAuth2Api's own fields of the same name (n8n merges by name) to say where they come from.
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'local.XXXXXXXXXXXXXX.XXXXXXXX',
			description:
				'The Application ID (client_id, local.…) of the local application in Bitrix24: Developer resources → Other → Local application',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Application key (client_secret) of the same local application in Bitrix24',
		},
		{
			displayName: 'Portal URL',
			name: 'portalUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://YOUR-PORTAL.bitrix24.com',
			description:
				'The address of your Bitrix24 portal, where the local application is installed (the start of the address bar when you are in Bitrix24)',
		},
		{
			displayName: 'Authorization Server',
			name: 'authorizationServer',
			type: 'options',
			options: [
				{
					name: 'Global (oauth.bitrix.info)',
					value: BITRIX24_TOKEN_SERVERS.global,
				},
				{
					name: 'East (oauth.bitrix24.tech)',
					value: BITRIX24_TOKEN_SERVERS.east,
				},
				{
					name: 'Custom',
					value: 'custom',
				},
			],
			default: BITRIX24_TOKEN_SERVERS.global,
			description:
				'The Bitrix24 authorization server that issues and refreshes tokens for your region',
		},
		{
			displayName: 'Custom Token URL',
			name: 'customTokenUrl',
			type: 'string',
			default: '',
			required: true,
			// Not a working address, so an empty field never looks filled in.
			placeholder: 'https://YOUR-TOKEN-SERVER/oauth/token/',
			description:
				'The full address of the token endpoint that issues and refreshes tokens, e.g. http://127.0.0.1:8024/oauth/token/ for the local Bitrix24 sandbox',
			displayOptions: { show: { authorizationServer: ['custom'] } },
		},
		{
			// settings/oauth/index.md: the portal sends the browser back to the address registered
			// in the application, whatever address the request names.
			displayName:
				"In Bitrix24, the local application's handler path must be the OAuth Redirect URL shown above: Bitrix24 sends the browser back to the address saved in the application, not to the one n8n asks for. If Connect never finishes, correct it there.",
			name: 'redirectUrlNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '={{$self["portalUrl"].replace(/\\/+$/, "")}}/oauth/authorize/',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{$self["authorizationServer"] === "custom" ? $self["customTokenUrl"] : $self["authorizationServer"]}}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// Bitrix24 takes the scope from the application card; sent only for completeness.
			default: 'crm',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			// Bitrix24 expects client_id and client_secret as parameters, not as a Basic header.
			default: 'body',
		},
		...rateLimitProperties,
	];

	// What a Get will need: the token accepted at the REST base it names (as for the node's own
	// calls), and the application's `crm` scope. `batch` needs no scope and answers 200; a command
	// the token's scope does not cover comes back in `result_error` as insufficient_scope
	// (settings/how-to-call-rest-api/batch.md), so the rule below can read it from the body. A
	// portal that changed its address answers 301/302 (settings/how-to-call-rest-api/change-domen.md):
	// not followed, so the test can say so. A refusal of the token itself (401 after n8n renewed
	// it, or 403) has no body a rule can read; its message names the free plan as one cause.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL:
				'={{$credentials.oauthTokenData && $credentials.oauthTokenData.client_endpoint ? $credentials.oauthTokenData.client_endpoint : $credentials.portalUrl.replace(/\\/+$/, "") + "/rest/"}}',
			url: 'batch.json',
			body: { halt: 0, cmd: { crm: 'crm.contact.company.fields' } },
			disableFollowRedirect: true,
		},
		// n8n-workflow types the list as all one kind; n8n's credential tester reads each rule by its
		// own type (runRequestTest), the codes when the request fails and the body when it does not.
		rules: TEST_RULES as IAuthenticateRuleResponseCode[],
	};
}
