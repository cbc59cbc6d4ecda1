/**
 * The demo portal. Contact 54 and companies 7, 8, 9 reproduce the example of
 * bitrix24-docs/crm-contact-company-items-get.en.txt; contact 82 and companies 8, 9, 10 are the
 * ones crm-contact-company-items-set.en.txt uses. The other records make list paging and
 * filtered searches worth showing.
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

export function seedDemo(state: PortalState): void {
	for (const [ID, TITLE] of companies) state.addCompany({ ID, TITLE });
	for (const [ID, NAME, LAST_NAME] of contacts) state.addContact({ ID, NAME, LAST_NAME });
	state.setBindings(54, [
		{ COMPANY_ID: 7, SORT: 100, IS_PRIMARY: 'Y' },
		{ COMPANY_ID: 8, SORT: 110, IS_PRIMARY: 'N' },
		{ COMPANY_ID: 9, SORT: 120, IS_PRIMARY: 'N' },
	]);
	state.setBindings(83, [{ COMPANY_ID: 11, SORT: 10, IS_PRIMARY: 'Y' }]);
	state.setBindings(85, [
		{ COMPANY_ID: 12, SORT: 10, IS_PRIMARY: 'N' },
		{ COMPANY_ID: 13, SORT: 20, IS_PRIMARY: 'Y' },
	]);
}
