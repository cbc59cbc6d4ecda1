import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { BINDING_FAMILIES } from './actions/families';
import { nodeProperties } from './actions/properties';
import { route } from './actions/router';
import { bitrix24WebhookApiTest } from './methods/credentialTest';
import { listSearchMethods } from './methods/listSearch';

export class Bitrix24 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24',
		name: 'bitrix24',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Read and change Bitrix24 CRM bindings (a contact's companies; the contacts of a company, deal, lead or quote): get, replace, clear, add and remove, batched under the portal's limits",
		defaults: { name: 'Bitrix24' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'bitrix24WebhookApi',
				required: true,
				testedBy: 'bitrix24WebhookApiTest',
				displayOptions: { show: { authentication: ['webhook'] } },
			},
			{
				name: 'bitrix24OAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: nodeProperties(BINDING_FAMILIES),
	};

	methods = {
		listSearch: listSearchMethods(BINDING_FAMILIES),
		credentialTest: { bitrix24WebhookApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, BINDING_FAMILIES);
	}
}
