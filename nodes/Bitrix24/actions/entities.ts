import type { IDataObject } from 'n8n-workflow';

/** Bitrix24 list methods answer at most this many records a page. */
export const LIST_PAGE_SIZE = 50;

/** A CRM record type, as the pickers, messages and links need it. */
export interface EntityInfo {
	/** Singular, lower case, for messages: "contact". */
	label: string;
	/** Plural, lower case, for messages, the list parameters and the output: "companies". */
	plural: string;
	/** For the UI: "Contact". */
	title: string;
	/** The part of the record's link in the portal before the ID: /crm/{urlPath}/details/54/. */
	urlPath: string;
	/** The name of the searchable-list method of the node that feeds the picker. */
	listSearch: string;
	/** The Bitrix24 list method behind the picker. */
	listMethod: string;
	/** Fields a search term is matched against (substring); the matches of all are merged. */
	searchFields: string[];
	select: string[];
	/** The name shown in the picker. */
	nameOf: (record: IDataObject) => string;
}

function titleOf(record: IDataObject): string {
	return String(record.TITLE ?? '').trim();
}

export const CONTACT: EntityInfo = {
	label: 'contact',
	plural: 'contacts',
	title: 'Contact',
	urlPath: 'contact',
	listSearch: 'searchContacts',
	listMethod: 'crm.contact.list',
	searchFields: ['NAME', 'LAST_NAME'],
	select: ['ID', 'NAME', 'LAST_NAME'],
	nameOf: (record) => `${String(record.NAME ?? '')} ${String(record.LAST_NAME ?? '')}`.trim(),
};

export const COMPANY: EntityInfo = {
	label: 'company',
	plural: 'companies',
	title: 'Company',
	urlPath: 'company',
	listSearch: 'searchCompanies',
	listMethod: 'crm.company.list',
	searchFields: ['TITLE'],
	select: ['ID', 'TITLE'],
	nameOf: titleOf,
};

export const DEAL: EntityInfo = {
	label: 'deal',
	plural: 'deals',
	title: 'Deal',
	urlPath: 'deal',
	listSearch: 'searchDeals',
	listMethod: 'crm.deal.list',
	searchFields: ['TITLE'],
	select: ['ID', 'TITLE'],
	nameOf: titleOf,
};

export const LEAD: EntityInfo = {
	label: 'lead',
	plural: 'leads',
	title: 'Lead',
	urlPath: 'lead',
	listSearch: 'searchLeads',
	listMethod: 'crm.lead.list',
	searchFields: ['TITLE'],
	select: ['ID', 'TITLE'],
	nameOf: titleOf,
};

export const QUOTE: EntityInfo = {
	label: 'quote',
	plural: 'quotes',
	title: 'Quote',
	// Quotes are smart-process type 7 in the current Bitrix24 interface.
	urlPath: 'type/7',
	listSearch: 'searchQuotes',
	listMethod: 'crm.quote.list',
	searchFields: ['TITLE'],
	select: ['ID', 'TITLE'],
	nameOf: titleOf,
};
