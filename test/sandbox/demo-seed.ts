/**
 * The demo portal. Contact 54 and companies 7, 8, 9 reproduce the example of
 * b24restdocs api-reference/crm/contacts/company/crm-contact-company-items-get.md; contact 82 and companies 8, 9, 10 are the
 * ones crm-contact-company-items-set.md uses. The other records make list paging and
 * filtered searches worth showing. Deals, leads and quotes carry contacts for the other binding
 * families; the companies' contacts are the same links seen from the company side.
 */
import type { PortalState } from './state';

const companies: Array<[number, string]> = [
	[7, 'Alpha LLC'],
	[8, 'Beta Logistics'],
	[9, 'Gamma Trading'],
	[10, 'Delta Consulting'],
	[11, 'Epsilon Software'],
	[12, 'Zeta Foods'],
	[13, 'Eta Construction'],
	[14, 'Theta Media'],
	[15, 'Iota Pharma'],
	[16, 'Kappa Energy'],
	[17, 'Lambda Retail'],
	[18, 'Mu Finance'],
	[19, 'Nu Textiles'],
	[20, 'Alpha Beta Holdings'],
];

const contacts: Array<[number, string, string]> = [
	[54, 'Ivan', 'Petrov'],
	[82, 'Maria', 'Ivanova'],
	[83, 'Oleg', 'Sidorov'],
	[84, 'Anna', 'Smirnova'],
	[85, 'Ivan', 'Kuznetsov'],
	[86, 'Elena', 'Popova'],
	[87, 'Dmitry', 'Volkov'],
	[88, 'Olga', 'Petrova'],
	[89, 'Sergey', 'Lebedev'],
	[90, 'Natalia', 'Kozlova'],
	[91, 'Pavel', 'Novikov'],
	[92, 'Irina', 'Morozova'],
	[93, 'Alexey', 'Petrovsky'],
	[94, 'Tatiana', 'Sokolova'],
];

const deals: Array<[number, string]> = [
	[1, 'Website redesign'],
	[2, 'CRM rollout'],
	[3, 'Annual support contract'],
	[4, 'Office move'],
	[5, 'Website hosting'],
];

const leads: Array<[number, string]> = [
	[1, 'Inbound call: pricing question'],
	[2, 'Website form: demo request'],
	[3, 'Trade show visitor'],
];

const quotes: Array<[number, string]> = [
	[1, 'Quote for website redesign'],
	[2, 'Quote for CRM rollout'],
];

export function seedDemo(state: PortalState): void {
	for (const [ID, TITLE] of companies) state.addTitled('company', { ID, TITLE });
	for (const [ID, NAME, LAST_NAME] of contacts) state.addContact({ ID, NAME, LAST_NAME });
	for (const [ID, TITLE] of deals) state.addTitled('deal', { ID, TITLE });
	for (const [ID, TITLE] of leads) state.addTitled('lead', { ID, TITLE });
	for (const [ID, TITLE] of quotes) state.addTitled('quote', { ID, TITLE });
	state.setBindings('contactCompany', 54, [
		{ boundId: 7, SORT: 100, IS_PRIMARY: 'Y' },
		{ boundId: 8, SORT: 110, IS_PRIMARY: 'N' },
		{ boundId: 9, SORT: 120, IS_PRIMARY: 'N' },
	]);
	state.setBindings('contactCompany', 83, [{ boundId: 11, SORT: 10, IS_PRIMARY: 'Y' }]);
	state.setBindings('contactCompany', 85, [
		{ boundId: 12, SORT: 10, IS_PRIMARY: 'N' },
		{ boundId: 13, SORT: 20, IS_PRIMARY: 'Y' },
	]);
	state.setBindings('dealContact', 1, [
		{ boundId: 54, SORT: 10, IS_PRIMARY: 'Y' },
		{ boundId: 82, SORT: 20 },
	]);
	state.setBindings('dealContact', 2, [{ boundId: 85, SORT: 10 }]);
	state.setBindings('leadContact', 1, [{ boundId: 83, SORT: 10 }]);
	state.setBindings('quoteContact', 1, [
		{ boundId: 54, SORT: 10 },
		{ boundId: 88, SORT: 20, IS_PRIMARY: 'Y' },
	]);
	seedLookupDemo(state);
}

/**
 * What records can be found by (lookup-data.ts): e-mails and phones, with one e-mail two contacts
 * share (an office mailbox: looking it up is ambiguous), and the tax IDs of a few companies.
 */
function seedLookupDemo(state: PortalState): void {
	const { lookups } = state;
	lookups.addCommunications('CONTACT', 54, 'EMAIL', ['ivan.petrov@example.com']);
	lookups.addCommunications('CONTACT', 54, 'PHONE', ['+7 912 345-67-89']);
	lookups.addCommunications('CONTACT', 82, 'EMAIL', ['maria.ivanova@example.com']);
	lookups.addCommunications('CONTACT', 82, 'PHONE', ['+7 903 111-22-33']);
	lookups.addCommunications('CONTACT', 84, 'EMAIL', ['office@example.com']);
	lookups.addCommunications('CONTACT', 92, 'EMAIL', ['office@example.com']);
	lookups.addCommunications('LEAD', 2, 'EMAIL', ['demo.request@example.com']);
	lookups.addRequisite({ ENTITY_ID: 7, NAME: 'Alpha LLC', RQ_INN: '7707083893' });
	lookups.addRequisite({ ENTITY_ID: 9, NAME: 'Gamma Trading', RQ_INN: '5408131553' });
	lookups.addRequisite({ ENTITY_ID: 10, NAME: 'Delta Consulting', RQ_VAT_ID: 'DE811907980' });
}
