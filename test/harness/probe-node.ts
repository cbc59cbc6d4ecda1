import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { optionsProperty } from './credential-types';
import { CREDENTIAL_TYPE, type Auth } from './node-parameters';

/**
 * The smallest node that exercises the credential path the Bitrix24 node uses: for each item it
 * POSTs the item's JSON to `url` through `httpRequestWithAuthentication` and outputs the response.
 * It lets the harness test itself without depending on the real node.
 */
export class HttpProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HTTP Probe',
		name: 'httpProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends each item through an authenticated request',
		defaults: { name: 'HTTP Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_TYPE.webhook,
				required: true,
				displayOptions: { show: { authentication: ['webhook'] } },
			},
			{
				name: CREDENTIAL_TYPE.oAuth2,
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			optionsProperty(
				'Authentication',
				'authentication',
				{ Webhook: 'webhook', OAuth2: 'oAuth2' },
				'webhook',
			),
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentialType = CREDENTIAL_TYPE[this.getNodeParameter('authentication', 0) as Auth];
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const url = this.getNodeParameter('url', itemIndex) as string;
			this.logger.info(`probe: sending item ${itemIndex}`, { itemIndex });
			try {
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					credentialType,
					{
						method: 'POST',
						url,
						body: items[itemIndex].json,
						json: true,
					},
				)) as IDataObject;
				output.push({ json: response, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}
