// n8n loads the node and credentials listed under "n8n" in package.json; this entry point lets
// the package also be required directly, e.g. by tests or tools that inspect it.
module.exports = {
	nodes: { Bitrix24: () => require('./dist/nodes/Bitrix24/Bitrix24.node.js').Bitrix24 },
	credentials: {
		Bitrix24WebhookApi: () =>
			require('./dist/credentials/Bitrix24WebhookApi.credentials.js').Bitrix24WebhookApi,
		Bitrix24OAuth2Api: () =>
			require('./dist/credentials/Bitrix24OAuth2Api.credentials.js').Bitrix24OAuth2Api,
	},
};
