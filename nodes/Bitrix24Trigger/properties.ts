import type { INodeProperties } from 'n8n-workflow';

import type { BindingFamily } from '../Bitrix24/actions/families';

/** The families the trigger can watch: those whose row says how to list their bindings. */
export function watchedFamilies(families: readonly BindingFamily[]): BindingFamily[] {
	return families.filter((family) => family.watch !== undefined);
}

function byName<T extends { name: string }>(a: T, b: T): number {
	return a.name.localeCompare(b.name);
}

const authentication: INodeProperties = {
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

const watch: INodeProperties = {
	displayName: 'Watch',
	name: 'watch',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'All Records', value: 'all', description: 'Every record of the type' },
		{
			name: 'Records Matching a Filter',
			value: 'filter',
			description: 'The records that match a crm.item.list filter',
		},
		{ name: 'Records by ID', value: 'ids', description: 'A fixed list of record IDs' },
	],
	default: 'all',
	description: 'Which records to watch; each poll reads the bindings of all of them',
};

const filter: INodeProperties = {
	displayName: 'Filter',
	name: 'filter',
	type: 'json',
	default: '{\n  "assignedById": 1\n}',
	displayOptions: { show: { watch: ['filter'] } },
	description:
		'A crm.item.list filter as JSON, with field names in camelCase (assignedById, typeId, ufCrm…), optionally prefixed by an operator (">=", "!", "@", "%"…)',
};

const recordIds: INodeProperties = {
	displayName: 'Record IDs',
	name: 'recordIds',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 54, 82, 83',
	displayOptions: { show: { watch: ['ids'] } },
	description: 'The IDs of the records to watch, separated by commas, spaces or new lines',
};

/** The trigger's parameters (n8n adds Poll Times itself to a polling node). */
export function triggerProperties(families: readonly BindingFamily[]): INodeProperties[] {
	const watched = watchedFamilies(families);
	const resourceOptions = watched
		.map((family) => ({
			name: family.displayName,
			value: family.resource,
			description: `Changes of the ${family.bound.plural} bound to a ${family.owner.label}`,
		}))
		.sort(byName);
	const defaultResource = watched[0].resource;
	return [
		authentication,
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resourceOptions,
			default: defaultResource,
		},
		watch,
		filter,
		recordIds,
	];
}
