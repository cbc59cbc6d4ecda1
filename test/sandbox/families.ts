/**
 * The binding families the sandbox serves (b24restdocs api-reference/crm/ contacts/company/, companies/contacts/, deals/contacts/, leads/management-communication/, quote/contacts/): an owner record, the records bound to
 * it, and what differs between the families' doc pages. Every difference is data in this table;
 * the six methods of each family are built from it (methods/bindings.ts).
 */

/**
 * A record type. Besides the ones the demo seed fills, a family given to the sandbox
 * (SandboxOptions.families) may own records of another titled kind, seeded with `records`.
 */
export type EntityKind = 'contact' | 'company' | 'deal' | 'lead' | 'quote' | (string & {});

/** The built-in families' keys; a family given to the sandbox brings its own. */
export type FamilyKey =
	| 'contactCompany'
	| 'companyContact'
	| 'dealContact'
	| 'leadContact'
	| 'quoteContact'
	| (string & {});

export interface ErrorText {
	code: string;
	description: string;
}

export interface FieldInfo {
	type: string;
	title: string;
	isRequired: boolean;
}

export interface SandboxFamily {
	key: FamilyKey;
	/** Method prefix: `crm.deal.contact` serves `crm.deal.contact.items.get` and the rest. */
	prefix: string;
	owner: EntityKind;
	bound: EntityKind;
	/** The binding key of the bound record in `items`, `fields` and the answers. */
	idField: 'COMPANY_ID' | 'CONTACT_ID';
	/**
	 * The family that reads the same link records from the other end. A contact's link to a
	 * company is the company's link to that contact, so changing one side changes the other.
	 */
	mirror?: FamilyKey;
	/** What `*.fields` answers, in the order of the family's doc example. */
	fields: Record<string, FieldInfo>;
	texts: {
		/** `id` missing or < 1, for items.get/set/delete. */
		ownerIdInvalid: string;
		/** The same for add/delete, where some pages quote the parameter name. */
		ownerIdInvalidFields: string;
		fieldsNotArray: string;
		fieldsNotValid: string;
		itemsNotArray: string;
		notFound: ErrorText;
	};
	/**
	 * items.get for an owner that does not exist: the quote pages document `[]` ("The method does
	 * not check whether the estimate exists"); the others are treated like items.set (README choice 3).
	 */
	itemsGetUnknownOwner: 'notFound' | 'empty';
}

/** Wording of the contact and company pages (the error tables of b24restdocs api-reference/crm/contacts/company/). */
const CLASSIC_TEXTS: SandboxFamily['texts'] = {
	ownerIdInvalid: 'The parameter ownerEntityID is invalid or not defined.',
	ownerIdInvalidFields: 'The parameter ownerEntityID is invalid or not defined.',
	fieldsNotArray: "The parameter 'fields' must be array",
	fieldsNotValid: "The parameter 'fields' is not valid",
	itemsNotArray: 'The parameter items must be array.',
	notFound: { code: '', description: 'Not found' },
};

/** crm-contact-company-add.md and -delete.md quote the parameter name in their error example. */
const CONTACT_COMPANY_TEXTS: SandboxFamily['texts'] = {
	...CLASSIC_TEXTS,
	ownerIdInvalidFields: "The parameter 'ownerEntityID' is invalid or not defined.",
};

/** Wording of the 2026 deal and quote pages: a closing dot, and `'ownerEntityID'` quoted in add/delete. */
export const DOTTED_TEXTS: SandboxFamily['texts'] = {
	ownerIdInvalid: 'The parameter ownerEntityID is invalid or not defined.',
	ownerIdInvalidFields: "The parameter 'ownerEntityID' is invalid or not defined.",
	fieldsNotArray: "The parameter 'fields' must be array.",
	fieldsNotValid: "The parameter 'fields' is not valid.",
	itemsNotArray: 'The parameter items must be array.',
	notFound: { code: '', description: 'Not found.' },
};

const field = (type: string, title: string, isRequired = false): FieldInfo => ({
	type,
	title,
	isRequired,
});

/** crm-contact-company-fields.md's example, in its order (ROLE_ID is not listed, b24restdocs api-reference/crm/contacts/company/). */
const COMPANY_BINDING_FIELDS = {
	SORT: field('integer', 'Sorting'),
	IS_PRIMARY: field('char', 'Primary'),
	COMPANY_ID: field('integer', 'Company', true),
};

/** crm.deal.contact.fields doc example; the other contact families list the same three. */
const CONTACT_BINDING_FIELDS = {
	SORT: field('integer', 'Sorting'),
	IS_PRIMARY: field('char', 'Primary'),
	CONTACT_ID: field('integer', 'Contact', true),
};

export const FAMILIES: SandboxFamily[] = [
	{
		key: 'contactCompany',
		prefix: 'crm.contact.company',
		owner: 'contact',
		bound: 'company',
		idField: 'COMPANY_ID',
		mirror: 'companyContact',
		fields: COMPANY_BINDING_FIELDS,
		texts: CONTACT_COMPANY_TEXTS,
		itemsGetUnknownOwner: 'notFound',
	},
	{
		key: 'companyContact',
		prefix: 'crm.company.contact',
		owner: 'company',
		bound: 'contact',
		idField: 'CONTACT_ID',
		mirror: 'contactCompany',
		fields: CONTACT_BINDING_FIELDS,
		texts: CLASSIC_TEXTS,
		itemsGetUnknownOwner: 'notFound',
	},
	{
		key: 'dealContact',
		prefix: 'crm.deal.contact',
		owner: 'deal',
		bound: 'contact',
		idField: 'CONTACT_ID',
		fields: CONTACT_BINDING_FIELDS,
		texts: DOTTED_TEXTS,
		itemsGetUnknownOwner: 'notFound',
	},
	{
		key: 'leadContact',
		prefix: 'crm.lead.contact',
		owner: 'lead',
		bound: 'contact',
		idField: 'CONTACT_ID',
		fields: CONTACT_BINDING_FIELDS,
		// The lead pages show `{"error":"NOT_FOUND","error_description":"Not found."}`.
		texts: { ...DOTTED_TEXTS, notFound: { code: 'NOT_FOUND', description: 'Not found.' } },
		itemsGetUnknownOwner: 'notFound',
	},
	{
		key: 'quoteContact',
		prefix: 'crm.quote.contact',
		owner: 'quote',
		bound: 'contact',
		idField: 'CONTACT_ID',
		fields: CONTACT_BINDING_FIELDS,
		texts: DOTTED_TEXTS,
		itemsGetUnknownOwner: 'empty',
	},
];

export const MIRRORS: Partial<Record<FamilyKey, FamilyKey>> = Object.fromEntries(
	FAMILIES.filter((family) => family.mirror).map((family) => [family.key, family.mirror]),
);
