/**
 * How long each method takes on the portal. Bitrix24 answers after the method has run, and the
 * same time is what the operating-time limit charges (b24restdocs limits.md: `operating` is the
 * method's execution time). The defaults are the `processing` times (in ms) of the docs' example
 * answers, b24restdocs api-reference/crm/…, read at commit 5988ed13. Where a page shows 0 or no
 * `processing`, the family's method takes the contact-company time of the same call: the pages of
 * the deal, lead and quote families show zeros that no real call takes.
 */
import { FAMILIES } from './families';
import type { ServerTimeConfig } from './types';

/** The contact-company pages (contacts/company/crm-contact-company-*.md), by call. */
const BINDING_CALL_MS: Record<string, number> = {
	'items.get': 191.5,
	'items.set': 423.1,
	'items.delete': 209.7,
	add: 130.3,
	// The page's example took 63.6 s, a portal in trouble rather than a cost to plan by; removing a
	// binding is taken to cost what adding one does.
	delete: 130.3,
	fields: 16.2,
};

export const DOCS_SERVER_TIME_MS: Record<string, number> = {
	...Object.fromEntries(
		FAMILIES.flatMap((family) =>
			Object.entries(BINDING_CALL_MS).map(([call, ms]) => [`${family.prefix}.${call}`, ms]),
		),
	),
	'crm.contact.list': 196.7, // contacts/crm-contact-list.md
	'crm.contact.get': 141.6, // contacts/crm-contact-get.md
	'crm.contact.add': 1141.7, // contacts/crm-contact-add.md
	'crm.company.list': 162.1, // companies/crm-company-list.md (`operating`; `processing` shows 0)
	'crm.company.get': 141.6, // companies/crm-company-get.md shows 0: taken as crm.contact.get
	'crm.company.add': 650.9, // companies/crm-company-add.md (`operating`)
	'crm.deal.list': 248.4, // deals/crm-deal-list.md
	'crm.lead.list': 55.7, // leads/crm-lead-list.md
	'crm.quote.list': 105.7, // quote/crm-quote-list.md (`duration`; `processing` shows 0)
	'crm.duplicate.findbycomm': 18.2, // duplicates/crm-duplicate-find-by-comm.md
	'crm.requisite.list': 30.5, // requisites/universal/crm-requisite-list.md (first example)
	profile: 1.2, // api-reference/common/users/profile.md
	scope: 0.021, // api-reference/common/system/scope.md
	'crm.item.list': 245.1, // universal/crm-item-list.md
	'crm.contact.update': 2119.3, // contacts/crm-contact-update.md
};

export const DEFAULT_SERVER_TIME_MS = 100;

/** Calls take no time unless a profile or a test says so: unit suites stay fast. */
export const defaultServerTime: ServerTimeConfig = {
	enabled: false,
	defaultMs: DEFAULT_SERVER_TIME_MS,
	byMethod: {},
};

/** The docs' times, `speedup` times faster (the bench runs Bitrix24's clock ten times faster). */
export function docsServerTime(speedup = 1): ServerTimeConfig {
	return {
		enabled: true,
		defaultMs: DEFAULT_SERVER_TIME_MS / speedup,
		byMethod: Object.fromEntries(
			Object.entries(DOCS_SERVER_TIME_MS).map(([method, ms]) => [method, ms / speedup]),
		),
	};
}

export function serverTimeMs(config: ServerTimeConfig, method: string): number {
	if (!config.enabled) return 0;
	return config.byMethod[method] ?? config.defaultMs;
}
