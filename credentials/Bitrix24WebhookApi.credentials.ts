import type {
	ICredentialDataDecryptedObject,
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

	documentationUrl = 'https://apidocs.bitrix24.com/local-integrations/local-webhooks.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'webhookSecretUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://YOUR-PORTAL.bitrix24.com/rest/USER_ID/SECRET/',
			description:
				'The inbound webhook URL from Bitrix24 (Developer resources → Other → Inbound webhook, with the CRM scope). It contains the secret, so it stays masked.',
		},
		{
			displayName: 'Allow HTTP (Unencrypted)',
			name: 'allowHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept an http:// webhook URL. Only for a self-hosted portal without TLS: Bitrix24 refuses webhooks over HTTP ("Https required.") unless its administrator adds define(\'REST_APAUTH_ALLOW_HTTP\', true); to bitrix/php_interface/dbconn.php, and the secret then travels unencrypted.',
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

	// Tested by the node's `bitrix24WebhookApiTest` (methods/credentialTest.ts), which can say that
	// the portal moved and what Bitrix24's refusal means. n8n prefers a credential's own `test`, so
	// there is none here.
}
