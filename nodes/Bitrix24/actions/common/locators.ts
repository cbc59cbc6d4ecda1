import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import type { EntityInfo } from '../entities';
import type { BindingFamily } from '../families';
import { lookupModes } from '../lookups/modes';

/** The editor's check of what is typed in a mode, with the words it shows when it fails. */
function regexCheck(regex: string, errorMessage: string): INodePropertyMode['validation'] {
	return [{ type: 'regex', properties: { regex, errorMessage } }];
}

/** A link to the record's page in Bitrix24, which holds its ID. */
function linkCheck(entity: EntityInfo): INodePropertyMode['validation'] {
	return regexCheck(
		`.*/crm/${entity.urlPath}/details/\\d+.*`,
		`Not a ${entity.label} link: it must contain /crm/${entity.urlPath}/details/ID/`,
	);
}

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
				validation: regexCheck('^\\s*\\d+\\s*$', 'Not a valid ID: use digits only'),
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://your-portal.bitrix24.com/crm/${entity.urlPath}/details/54/`,
				validation: linkCheck(entity),
				extractValue: { type: 'regex', regex: `/crm/${entity.urlPath}/details/(\\d+)` },
			},
			// Contacts and leads by e-mail or phone, companies by name or tax ID (lookups/).
			...lookupModes(entity),
		],
	};
}

/** The picker of the record an operation works on: the family's owner (the contact, the deal…). */
export function ownerLocator(family: BindingFamily, description: string): INodeProperties {
	return recordLocator(family.owner, family.owner.idParameter, description);
}
