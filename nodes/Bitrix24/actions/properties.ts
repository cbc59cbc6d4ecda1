import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { add } from './bindings/add.operation';
import { clear } from './bindings/clear.operation';
import { get } from './bindings/get.operation';
import { getFields } from './bindings/getFields.operation';
import { BINDING_OPERATIONS } from './bindings';
import { remove } from './bindings/remove.operation';
import { set } from './bindings/set.operation';
import { engineOptionsProperty } from './common/engineOptions';
import type { BindingFamily } from './families';
import { BINDING_FAMILIES } from './families';

function operationProperty(family: BindingFamily): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [family.resource] } },
		options: [
			{ name: 'Add', value: 'add', description: add.description(family), action: add.action(family) },
			{ name: 'Clear', value: 'clear', description: clear.description(family), action: clear.action(family) },
			{ name: 'Get', value: 'get', description: get.description(family), action: get.action(family) },
			{ name: 'Get Fields', value: 'getFields', description: getFields.description(family), action: getFields.action(family) },
			{ name: 'Remove', value: 'remove', description: remove.description(family), action: remove.action(family) },
			{ name: 'Set', value: 'set', description: set.description(family), action: set.action(family) },
		],
		default: 'get',
	};
}

function familyProperties(family: BindingFamily): INodeProperties[] {
	const perOperation = BINDING_OPERATIONS.flatMap((op) =>
		updateDisplayOptions({ show: { resource: [family.resource], operation: [op.value] } }, op.properties(family)),
	);
	return [operationProperty(family), ...perOperation];
}

export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Webhook', value: 'webhook', description: 'An inbound webhook URL of the portal' },
			{ name: 'OAuth2', value: 'oAuth2', description: 'A local application of the portal' },
		],
		default: 'webhook',
		description: 'How to sign in to the Bitrix24 portal: with an inbound webhook URL or an OAuth2 local application',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Company Contact', value: 'companyContact', description: 'The contacts bound to a company' },
			{ name: 'Contact Company', value: 'contactCompany', description: 'The companies bound to a contact' },
			{ name: 'Deal Contact', value: 'dealContact', description: 'The contacts bound to a deal' },
			{ name: 'Lead Contact', value: 'leadContact', description: 'The contacts bound to a lead' },
			{ name: 'Quote Contact', value: 'quoteContact', description: 'The contacts bound to a quote' },
		],
		default: 'contactCompany',
	},
	...BINDING_FAMILIES.flatMap(familyProperties),
	engineOptionsProperty,
];
