import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { Bitrix24OAuth2Api } from '../../credentials/Bitrix24OAuth2Api.credentials';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';

/**
 * n8n's base `oAuth2Api` lives in n8n-nodes-base, which is not installed. This holds the fields
 * n8n-core's OAuth2 code reads, with the defaults of n8n's OAuth2Api.credentials.ts (the dynamic
 * client registration and JWE fields are left out: the Bitrix24 credential uses neither).
 */
/** An `options` property: choices by their shown name. */
export function optionsProperty(
	displayName: string,
	name: string,
	choices: Record<string, string>,
	defaultValue: string,
): INodeProperties {
	const options = Object.entries(choices).map(([shown, value]) => ({ name: shown, value }));
	return { displayName, name, type: 'options', options, default: defaultValue };
}

export class OAuth2ApiBase implements ICredentialType {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	properties: INodeProperties[] = [
		optionsProperty(
			'Grant Type',
			'grantType',
			{
				'Authorization Code': 'authorizationCode',
				'Client Credentials': 'clientCredentials',
				PKCE: 'pkce',
			},
			'authorizationCode',
		),
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'] } },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			required: true,
		},
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'] } },
			default: '',
		},
		optionsProperty(
			'Authentication',
			'authentication',
			{ Body: 'body', Header: 'header' },
			'header',
		),
		{
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'boolean',
			displayOptions: { show: { grantType: ['clientCredentials'], authentication: ['body'] } },
			default: false,
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'json',
			displayOptions: {
				show: {
					grantType: ['clientCredentials'],
					authentication: ['body'],
					sendAdditionalBodyProperties: [true],
				},
			},
			default: '',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			doNotInherit: true,
		},
		{
			displayName: 'Token Expired Status Code',
			name: 'tokenExpiredStatusCode',
			type: 'number',
			default: 401,
			doNotInherit: true,
		},
	];
}

/** The credential types a test run knows, by name, with n8n's inheritance rules. */
export class CredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(types: ICredentialType[]) {
		for (const type of types) this.types.set(type.name, type);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	/** The whole `extends` chain, nearest parent first, as n8n's cli CredentialTypes returns it. */
	getParentTypes(name: string): string[] {
		const direct = this.getByName(name).extends ?? [];
		return direct.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	/**
	 * The type's properties merged over its parents', as the n8n cli does: parents first, the
	 * child's definitions win, and the special `oauthTokenData` field is added to the OAuth bases.
	 */
	getProperties(name: string): INodeProperties[] {
		const type = this.getByName(name);
		if (type.extends === undefined) {
			if (name === 'oAuth1Api' || name === 'oAuth2Api') {
				return [
					...type.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', default: {} },
				];
			}
			return type.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}
}

export const bitrix24CredentialTypes = (): CredentialTypes =>
	new CredentialTypes([new OAuth2ApiBase(), new Bitrix24WebhookApi(), new Bitrix24OAuth2Api()]);
