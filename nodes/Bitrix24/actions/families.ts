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
	displayName: string;
	methodPrefix: string;
	owner: EntityInfo & { idParameter: string };
	bound: EntityInfo & {
		idParameter: string;
		/** The binding field Bitrix24 uses for the bound record's ID. */
		idField: string;
		/** Plural, for the list parameters and the output: "companies". */
		plural: string;
		pluralTitle: string;
	};
}

const COMPANIES = { ...COMPANY, idParameter: 'companyId', idField: 'COMPANY_ID', plural: 'companies', pluralTitle: 'Companies' };
const CONTACTS = { ...CONTACT, idParameter: 'contactId', idField: 'CONTACT_ID', plural: 'contacts', pluralTitle: 'Contacts' };

export const BINDING_FAMILIES: BindingFamily[] = [
	{
		resource: 'contactCompany',
		displayName: 'Contact Company',
		methodPrefix: 'crm.contact.company',
		owner: { ...CONTACT, idParameter: 'contactId' },
		bound: COMPANIES,
	},
	{
		resource: 'companyContact',
		displayName: 'Company Contact',
		methodPrefix: 'crm.company.contact',
		owner: { ...COMPANY, idParameter: 'companyId' },
		bound: CONTACTS,
	},
	{
		resource: 'dealContact',
		displayName: 'Deal Contact',
		methodPrefix: 'crm.deal.contact',
		owner: { ...DEAL, idParameter: 'dealId' },
		bound: CONTACTS,
	},
	{
		resource: 'leadContact',
		displayName: 'Lead Contact',
		methodPrefix: 'crm.lead.contact',
		owner: { ...LEAD, idParameter: 'leadId' },
		bound: CONTACTS,
	},
	{
		resource: 'quoteContact',
		displayName: 'Quote Contact',
		methodPrefix: 'crm.quote.contact',
		owner: { ...QUOTE, idParameter: 'quoteId' },
		bound: CONTACTS,
	},
];

export function familyOf(resource: string): BindingFamily | undefined {
	return BINDING_FAMILIES.find((family) => family.resource === resource);
}
