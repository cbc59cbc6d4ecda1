import type { INodeProperties } from 'n8n-workflow';

import { AUTHENTICATION_PROPERTY } from '../Bitrix24/actions/authentication';
import { resourceProperty } from '../Bitrix24/actions/properties';
import type { BindingFamily } from '../Bitrix24/actions/families';

/** The families the trigger can watch: those whose row says how to list their bindings. */
export function watchedFamilies(families: readonly BindingFamily[]): BindingFamily[] {
	return families.filter((family) => family.listRead !== undefined);
}

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
	const describe = (family: BindingFamily) =>
		`Changes of the ${family.bound.plural} bound to a ${family.owner.label}`;
	return [
		AUTHENTICATION_PROPERTY,
		resourceProperty(watchedFamilies(families), describe),
		watch,
		filter,
		recordIds,
	];
}
