import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { parseWebhookUrl } from '../nodes/Bitrix24/transport/webhookUrl';
import { rateLimitProperties } from './rateLimitProperties';

export class Bitrix24WebhookApi implements ICredentialType {
	name = 'bitrix24WebhookApi';

	displayName = 'Bitrix24 Webhook API';

	icon: Icon = { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' };

	documentationUrl =
		'https://apidocs.bitrix24.com/local-integrations/local-webhooks.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'webhookSecretUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://your-portal.bitrix24.com/rest/1/abc123secret/',
			description:
				'The inbound webhook URL from Bitrix24 (Developer resources → Other → Inbound webhook, with the CRM scope). It contains the secret, so it stays masked.',
		},
		{
			displayName: 'Allow HTTP (Unencrypted)',
			name: 'allowHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept an http:// webhook URL. Only for a self-hosted portal without TLS: over HTTP the secret travels unencrypted.',
		},
		...rateLimitProperties,
	];

	// Sets the portal's REST base so the credential also works from the HTTP Request node.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const reading = parseWebhookUrl(credentials.webhookSecretUrl, credentials.allowHttp === true);
		if (!reading.ok) throw new Error(`Bitrix24 webhook credential: ${reading.problem}`);
		return { ...requestOptions, baseURL: reading.webhook.baseUrl };
	}

	// `profile` needs no scope, so it checks the URL and secret; a missing CRM scope shows in the
	// node's first call, with a message saying to tick CRM.
	test: ICredentialTestRequest = {
		request: { method: 'POST', url: 'profile.json' },
	};
}
