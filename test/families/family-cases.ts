/**
 * The binding families as the tests see them, one table for the sandbox's own tests and the node's:
 * the node's names (written out here rather than read from the node, so a renamed parameter fails
 * the tests), demo records of the sandbox's seed to work on, and each family's error wording from
 * its doc pages (b24restdocs api-reference/crm/contacts/company/, companies/contacts/,
 * deals/contacts/, leads/management-communication/, quote/contacts/).
 */
import type { FamilyKey } from '../sandbox/control-client';

export interface FamilyCase {
	resource: FamilyKey;
	prefix: string;
	idField: 'COMPANY_ID' | 'CONTACT_ID';
	ownerParam: string;
	boundParam: string;
	plural: 'companies' | 'contacts';
	/** The fixed-collection row name of the Set operation. */
	row: 'company' | 'contact';
	ownerUrlPath: string;
	boundUrlPath: string;
	/** Has bindings in the demo seed, in items.get order. */
	owner: number;
	ownerBindings: Array<{ id: number; sort: number; primary: boolean }>;
	/** Exists, without bindings. */
	emptyOwner: number;
	/** Not bound to `owner`, and to be bound in the tests. */
	freeBound: [number, number];
	/** The name the bound records' list answers for `ownerBindings[0].id`. */
	firstBoundName: string;
	/** An owner that does not exist. */
	missingOwner: number;
	/** The family's own wording, from its doc pages. */
	notFound: { error: string; error_description: string };
	ownerIdInvalidFields: string;
	fieldsNotArray: string;
	fieldsNotValid: string;
	/** What items.get answers for an owner that does not exist. */
	itemsGetMissingOwner: 'notFound' | 'empty';
}

/** Wording of the contact and company pages (add, delete, fields errors). */
const CLASSIC = {
	ownerIdInvalidFields: 'The parameter ownerEntityID is invalid or not defined.',
	fieldsNotArray: "The parameter 'fields' must be array",
	fieldsNotValid: "The parameter 'fields' is not valid",
};
/** Wording of the 2026 deal, lead and quote pages: a closing dot, the parameter name quoted. */
const DOTTED = {
	ownerIdInvalidFields: "The parameter 'ownerEntityID' is invalid or not defined.",
	fieldsNotArray: "The parameter 'fields' must be array.",
	fieldsNotValid: "The parameter 'fields' is not valid.",
};

export const FAMILY_CASES: FamilyCase[] = [
	{
		resource: 'contactCompany',
		prefix: 'crm.contact.company',
		idField: 'COMPANY_ID',
		ownerParam: 'contactId',
		boundParam: 'companyId',
		plural: 'companies',
		row: 'company',
		ownerUrlPath: 'contact',
		boundUrlPath: 'company',
		owner: 54,
		ownerBindings: [
			{ id: 7, sort: 100, primary: true },
			{ id: 8, sort: 110, primary: false },
			{ id: 9, sort: 120, primary: false },
		],
		emptyOwner: 82,
		freeBound: [10, 11],
		firstBoundName: 'Alpha LLC',
		missingOwner: 999,
		notFound: { error: '', error_description: 'Not found' },
		// crm-contact-company-add.md and -delete.md quote the parameter name in their error example.
		...CLASSIC,
		ownerIdInvalidFields: "The parameter 'ownerEntityID' is invalid or not defined.",
		itemsGetMissingOwner: 'notFound',
	},
	{
		resource: 'companyContact',
		prefix: 'crm.company.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'companyId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'company',
		boundUrlPath: 'contact',
		owner: 13,
		ownerBindings: [{ id: 85, sort: 10, primary: true }],
		emptyOwner: 10,
		freeBound: [84, 86],
		firstBoundName: 'Ivan Kuznetsov',
		missingOwner: 999,
		notFound: { error: '', error_description: 'Not found' },
		...CLASSIC,
		itemsGetMissingOwner: 'notFound',
	},
	{
		resource: 'dealContact',
		prefix: 'crm.deal.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'dealId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'deal',
		boundUrlPath: 'contact',
		owner: 1,
		ownerBindings: [
			{ id: 54, sort: 10, primary: true },
			{ id: 82, sort: 20, primary: false },
		],
		emptyOwner: 3,
		freeBound: [84, 86],
		firstBoundName: 'Ivan Petrov',
		missingOwner: 999,
		notFound: { error: '', error_description: 'Not found.' },
		...DOTTED,
		itemsGetMissingOwner: 'notFound',
	},
	{
		resource: 'leadContact',
		prefix: 'crm.lead.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'leadId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'lead',
		boundUrlPath: 'contact',
		owner: 1,
		ownerBindings: [{ id: 83, sort: 10, primary: true }],
		emptyOwner: 2,
		freeBound: [84, 86],
		firstBoundName: 'Oleg Sidorov',
		missingOwner: 999,
		// The lead pages show NOT_FOUND as the code where the other families show "".
		notFound: { error: 'NOT_FOUND', error_description: 'Not found.' },
		...DOTTED,
		itemsGetMissingOwner: 'notFound',
	},
	{
		resource: 'quoteContact',
		prefix: 'crm.quote.contact',
		idField: 'CONTACT_ID',
		ownerParam: 'quoteId',
		boundParam: 'contactId',
		plural: 'contacts',
		row: 'contact',
		ownerUrlPath: 'type/7',
		boundUrlPath: 'contact',
		owner: 1,
		ownerBindings: [
			{ id: 54, sort: 10, primary: false },
			{ id: 88, sort: 20, primary: true },
		],
		emptyOwner: 2,
		freeBound: [84, 86],
		firstBoundName: 'Ivan Petrov',
		missingOwner: 999,
		notFound: { error: '', error_description: 'Not found.' },
		...DOTTED,
		// The quote pages: items.get "does not check whether the estimate exists" and answers [].
		itemsGetMissingOwner: 'empty',
	},
];
