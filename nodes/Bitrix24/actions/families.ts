import type { EntityInfo } from './entities';
import { COMPANY, CONTACT, DEAL, LEAD, QUOTE } from './entities';

/**
 * The binding families Bitrix24 offers: an owner record and the records bound to it, each with
 * the same six methods under its own prefix and the same parameter shapes. Adding a family is
 * adding a row here.
 */
export interface BindingFamily {
	/** The `resource` parameter value; saved workflows depend on it. */
	resource: string;
	/** The Resource option's name. */
	displayName: string;
	methodPrefix: string;
	owner: EntityInfo & { idParameter: string };
	bound: EntityInfo & {
		idParameter: string;
		/** The binding field Bitrix24 uses for the bound record's ID. */
		idField: string;
		pluralTitle: string;
	};
	/**
	 * How many owners' bindings are read at once: the Bitrix24 Trigger's polls and Skip Unchanged's
	 * reads. A family without it is not watched, and Skip Unchanged reads its records one by one.
	 */
	listRead?: ListRead;
}

/**
 * crm.item.list of the owner's type (b24restdocs api-reference/crm/universal/crm-item-list.md)
 * returns, per record, the bound IDs and, where the type has one, the primary's ID
 * (api-reference/crm/universal/object-fields.md: a contact's `companyIds`/`companyId`; a deal's,
 * lead's and quote's `contactIds`/`contactId`; a company's `contactIds` and no primary field).
 */
export interface ListRead {
	entityTypeId: number;
	boundIdsField: string;
	primaryField?: string;
	/**
	 * True where the bound IDs come in the bindings' SORT order, so the list shows the order too: a
	 * contact's `companyIds` ([server] crm/lib/binding/contactcompany.php, getContactCompanyIDs,
	 * ordered by SORT). A company's `contactIds` come by contact ID (getCompanyContactIDs), and the
	 * docs say nothing of the order of the others' `contactIds`.
	 */
	boundIdsBySort?: boolean;
}

const COMPANIES = {
	...COMPANY,
	idParameter: 'companyId',
	idField: 'COMPANY_ID',
	pluralTitle: 'Companies',
};
const CONTACTS = {
	...CONTACT,
	idParameter: 'contactId',
	idField: 'CONTACT_ID',
	pluralTitle: 'Contacts',
};

export const BINDING_FAMILIES: BindingFamily[] = [
	{
		resource: 'contactCompany',
		displayName: 'Contact Company',
		methodPrefix: 'crm.contact.company',
		listRead: {
			entityTypeId: 3,
			boundIdsField: 'companyIds',
			primaryField: 'companyId',
			boundIdsBySort: true,
		},
		owner: { ...CONTACT, idParameter: 'contactId' },
		bound: COMPANIES,
	},
	{
		resource: 'companyContact',
		displayName: 'Company Contact',
		methodPrefix: 'crm.company.contact',
		listRead: { entityTypeId: 4, boundIdsField: 'contactIds' },
		owner: { ...COMPANY, idParameter: 'companyId' },
		bound: CONTACTS,
	},
	{
		resource: 'dealContact',
		displayName: 'Deal Contact',
		methodPrefix: 'crm.deal.contact',
		listRead: { entityTypeId: 2, boundIdsField: 'contactIds', primaryField: 'contactId' },
		owner: { ...DEAL, idParameter: 'dealId' },
		bound: CONTACTS,
	},
	{
		resource: 'leadContact',
		displayName: 'Lead Contact',
		methodPrefix: 'crm.lead.contact',
		listRead: { entityTypeId: 1, boundIdsField: 'contactIds', primaryField: 'contactId' },
		owner: { ...LEAD, idParameter: 'leadId' },
		bound: CONTACTS,
	},
	{
		resource: 'quoteContact',
		displayName: 'Quote Contact',
		methodPrefix: 'crm.quote.contact',
		listRead: { entityTypeId: 7, boundIdsField: 'contactIds', primaryField: 'contactId' },
		owner: { ...QUOTE, idParameter: 'quoteId' },
		bound: CONTACTS,
	},
];

export function familyOf(
	resource: string,
	families: readonly BindingFamily[],
): BindingFamily | undefined {
	return families.find((family) => family.resource === resource);
}

/**
 * The record types a node offers pickers for: every owner and bound type of its families, once
 * each, so a family's records get a picker with the family's row.
 */
export function entitiesOf(families: readonly BindingFamily[]): EntityInfo[] {
	const byPicker = new Map<string, EntityInfo>();
	for (const { owner, bound } of families) {
		for (const entity of [owner, bound])
			if (!byPicker.has(entity.listSearch)) byPicker.set(entity.listSearch, entity);
	}
	return [...byPicker.values()];
}

/**
 * The CRM rights a user needs for a family's methods, in words for the permission hint: Bitrix24
 * checks the right to change the owner and to read the records bound to it.
 */
export function rightsNeeded(family: BindingFamily): string {
	return `read and edit ${family.owner.plural} and to read ${family.bound.plural}`;
}
