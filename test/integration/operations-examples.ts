/**
 * The demo seed's doc examples the operation suites check against: contact 54 bound to 7 (100,
 * primary), 8 (110), 9 (120), as crm-contact-company-items-get.md's example shows it.
 */
/** Contact 54 as the items.get doc example shows it, in the node's output shape. */
export const CONTACT_54_OUTPUT = [
	{ companyId: 7, isPrimary: true, sort: 100, roleId: 0 },
	{ companyId: 8, isPrimary: false, sort: 110, roleId: 0 },
	{ companyId: 9, isPrimary: false, sort: 120, roleId: 0 },
];

export const CONTACT_54_STATE = [
	{ COMPANY_ID: 7, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' },
	{ COMPANY_ID: 8, SORT: 110, ROLE_ID: 0, IS_PRIMARY: 'N' },
	{ COMPANY_ID: 9, SORT: 120, ROLE_ID: 0, IS_PRIMARY: 'N' },
];

/** An entry of `items` as the node sends it to items.set: "Y"/"N" and every SORT explicit. */
export const sentItem = (COMPANY_ID: number, IS_PRIMARY: 'Y' | 'N', SORT: number) => ({
	COMPANY_ID,
	IS_PRIMARY,
	SORT,
});
