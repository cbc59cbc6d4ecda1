import type { INodeProperties } from 'n8n-workflow';

/**
 * How a Bitrix24 node signs in, the same for the action node and the trigger. Saved workflows
 * depend on its name and values. (Each node lists its credentials itself: n8n's lint rules look
 * for the credential test in the node's own description.)
 */
export const AUTHENTICATION_PROPERTY: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Webhook', value: 'webhook', description: 'An inbound webhook URL of the portal' },
		{ name: 'OAuth2', value: 'oAuth2', description: 'A local application of the portal' },
	],
	default: 'webhook',
	description:
		'How to sign in to the Bitrix24 portal: with an inbound webhook URL or an OAuth2 local application',
};
