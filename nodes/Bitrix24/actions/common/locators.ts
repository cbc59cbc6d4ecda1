import type { INodeProperties } from 'n8n-workflow';

import type { EntityInfo } from '../entities';

/** A record picker: search the portal's list, type the ID, or paste the record's link. */
export function recordLocator(
	entity: EntityInfo,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName: `${entity.title}`,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${entity.label}...`,
				typeOptions: { searchListMethod: entity.listSearch, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 54',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*\\d+\\s*$',
							errorMessage: 'Not a valid ID: use digits only',
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://your-portal.bitrix24.com/crm/${entity.urlPath}/details/54/`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `.*/crm/${entity.urlPath}/details/\\d+.*`,
							errorMessage: `Not a ${entity.label} link: it must contain /crm/${entity.urlPath}/details/ID/`,
						},
					},
				],
				extractValue: { type: 'regex', regex: `/crm/${entity.urlPath}/details/(\\d+)` },
			},
		],
	};
}
