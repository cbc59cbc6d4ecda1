import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { rateLimitProperties } from './rateLimitProperties';

const BITRIX24_TOKEN_SERVERS = {
	global: 'https://oauth.bitrix.info/oauth/token/',
	east: 'https://oauth.bitrix24.tech/oauth/token/',
};

const PORTAL_MOVED_MESSAGE =
	'The Bitrix24 portal has moved to another address (it answered with a redirect). The node follows it, but set the Portal URL to the new address and reconnect the credential.';

export class Bitrix24OAuth2Api implements ICredentialType {
	name = 'bitrix24OAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Bitrix24 OAuth2 API';

	icon: Icon = { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' };

	// This package's own setup steps: where the client ID, secret and redirect URL come from.
	documentationUrl =
		'https://github.com/bitrix24-n8n/n8n-nodes-bitrix24-contact-companies#oauth2-bitrix24-oauth2-api';

	properties: INodeProperties[] = [
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
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Portal URL',
			name: 'portalUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://your-portal.bitrix24.com',
			description: 'The address of your Bitrix24 portal, where the local application is installed',
		},
		{
			// Replace oAuth2Api's own fields of the same name (n8n merges by name) to say where they come from.
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'local.0123456789abcd.12345678',
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
			placeholder: 'http://127.0.0.1:8024/oauth/token/',
			description:
				'The full address of the token endpoint that issues and refreshes tokens, e.g. http://127.0.0.1:8024/oauth/token/ for the local Bitrix24 sandbox',
			displayOptions: { show: { authorizationServer: ['custom'] } },
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

	// `profile` answers for any user of an installed application; the REST base is the one the
	// token names, as for the node's own calls. A portal that changed its address answers 301/302
	// (settings/how-to-call-rest-api/change-domen.md): not followed, so the test can say so.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL:
				'={{$credentials.oauthTokenData && $credentials.oauthTokenData.client_endpoint ? $credentials.oauthTokenData.client_endpoint : $credentials.portalUrl.replace(/\\/+$/, "") + "/rest/"}}',
			url: 'profile.json',
			disableFollowRedirect: true,
		},
		rules: [301, 302].map((value) => ({
			type: 'responseCode' as const,
			properties: { value, message: PORTAL_MOVED_MESSAGE },
		})),
	};
}
