import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { BINDING_FAMILIES } from '../Bitrix24/actions/families';
import { bitrix24WebhookApiTest } from '../Bitrix24/methods/credentialTest';
import { pollBindings, toOutput } from './poll';
import { triggerProperties } from './properties';

/**
 * Polls Bitrix24 for changes of CRM bindings, which Bitrix24 announces by no event: the binding
 * methods write the binding table directly (docs/trigger.md says what it sees and what it costs).
 */
export class Bitrix24Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 Trigger',
		name: 'bitrix24Trigger',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Watch " + $parameter["resource"]}}',
		description:
			"Starts the workflow when a Bitrix24 record's bindings change (a contact's companies; the contacts of a company, deal, lead or quote), however they were changed",
		defaults: { name: 'Bitrix24 Trigger' },
		polling: true,
		inputs: [],
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
		properties: triggerProperties(BINDING_FAMILIES),
	};

	methods = {
		credentialTest: { bitrix24WebhookApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return toOutput(await pollBindings(this, BINDING_FAMILIES));
	}
}
