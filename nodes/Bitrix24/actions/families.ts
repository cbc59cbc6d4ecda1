/**
 * The binding families Bitrix24 offers: an owner record and the records bound to it, each with
 * the same six methods under its own prefix. Adding a family is adding a row here.
 */
export interface EntityInfo {
	/** Singular, lower case, for messages: "contact". */
	label: string;
	/** For the UI: "Contact". */
	title: string;
	/** The segment of the record's URL in the portal: /crm/{urlSegment}/details/54/. */
	urlSegment: string;
	/** The list method that feeds the searchable picker. */
	listSearch: string;
}

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

export const CONTACT: EntityInfo = {
	label: 'contact',
	title: 'Contact',
	urlSegment: 'contact',
	listSearch: 'searchContacts',
};

export const COMPANY: EntityInfo = {
	label: 'company',
	title: 'Company',
	urlSegment: 'company',
	listSearch: 'searchCompanies',
};

export const BINDING_FAMILIES: BindingFamily[] = [
	{
		resource: 'contactCompany',
		displayName: 'Contact Company',
		methodPrefix: 'crm.contact.company',
		owner: { ...CONTACT, idParameter: 'contactId' },
		bound: {
			...COMPANY,
			idParameter: 'companyId',
			idField: 'COMPANY_ID',
			plural: 'companies',
			pluralTitle: 'Companies',
		},
	},
];

export function familyOf(resource: string): BindingFamily | undefined {
	return BINDING_FAMILIES.find((family) => family.resource === resource);
}
