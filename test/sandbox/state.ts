/**
 * The portal's CRM data: contacts, companies, and contact→company bindings. Bindings are kept as
 * Bitrix24 stores them (research §1): one record per company with SORT, ROLE_ID and IS_PRIMARY,
 * and the contact's COMPANY_ID mirrors the primary binding.
 */
import { isoWithOffset } from './envelope';

export interface Contact {
	ID: number;
	NAME: string;
	LAST_NAME: string;
	DATE_CREATE: string;
	DATE_MODIFY: string;
}

export interface Company {
	ID: number;
	TITLE: string;
	DATE_CREATE: string;
	DATE_MODIFY: string;
}

export interface Binding {
	COMPANY_ID: number;
	SORT: number;
	ROLE_ID: 0;
	IS_PRIMARY: 'Y' | 'N';
}

export interface BindingInput {
	COMPANY_ID: number;
	SORT?: number;
	IS_PRIMARY?: unknown;
}

export interface User {
	ID: number;
	NAME: string;
	LAST_NAME: string;
	ADMIN: boolean;
}

/** Bindings in the order items.get returns them: by SORT, then by when they were made. */
const ordered = (list: Binding[]): Binding[] => [...list].sort((a, b) => a.SORT - b.SORT);

export class PortalState {
	readonly contacts = new Map<number, Contact>();
	readonly companies = new Map<number, Company>();
	readonly bindings = new Map<number, Binding[]>();
	readonly users = new Map<number, User>();

	clear(): void {
		this.contacts.clear();
		this.companies.clear();
		this.bindings.clear();
	}

	private nextId(map: Map<number, unknown>): number {
		let max = 0;
		for (const id of map.keys()) max = Math.max(max, id);
		return max + 1;
	}

	addContact(fields: { ID?: number; NAME?: string; LAST_NAME?: string }): Contact {
		const now = isoWithOffset(Date.now());
		const id = fields.ID && fields.ID > 0 ? fields.ID : this.nextId(this.contacts);
		const contact: Contact = { ID: id, NAME: fields.NAME ?? '', LAST_NAME: fields.LAST_NAME ?? '', DATE_CREATE: now, DATE_MODIFY: now };
		this.contacts.set(id, contact);
		return contact;
	}

	addCompany(fields: { ID?: number; TITLE?: string }): Company {
		const now = isoWithOffset(Date.now());
		const id = fields.ID && fields.ID > 0 ? fields.ID : this.nextId(this.companies);
		const company: Company = { ID: id, TITLE: fields.TITLE ?? '', DATE_CREATE: now, DATE_MODIFY: now };
		this.companies.set(id, company);
		return company;
	}

	getBindings(contactId: number): Binding[] {
		return ordered(this.bindings.get(contactId) ?? []).map((b) => ({ ...b }));
	}

	/** The contact's COMPANY_ID field: the company of the primary binding (research §1, index.md). */
	primaryCompanyId(contactId: number): number | null {
		return (this.bindings.get(contactId) ?? []).find((b) => b.IS_PRIMARY === 'Y')?.COMPANY_ID ?? null;
	}

	/**
	 * Replaces the whole set (items.set). Follows EntityBinding::normalizeEntityBindings [server]:
	 * entries with COMPANY_ID ≤ 0 are skipped, duplicates dropped (first kept), a missing or ≤ 0
	 * SORT becomes (i + 1) * 10, only the string 'Y' marks primary, the first 'Y' wins, and with
	 * no 'Y' the first binding is primary.
	 */
	setBindings(contactId: number, items: BindingInput[]): void {
		const seen = new Set<number>();
		const unique = items.filter((item) => {
			if (!(item.COMPANY_ID > 0) || seen.has(item.COMPANY_ID)) return false;
			seen.add(item.COMPANY_ID);
			return true;
		});
		let primaryIndex = unique.findIndex((item) => item.IS_PRIMARY === 'Y');
		if (primaryIndex === -1) primaryIndex = 0;
		const result: Binding[] = unique.map((item, i) => ({
			COMPANY_ID: item.COMPANY_ID,
			SORT: item.SORT !== undefined && item.SORT > 0 ? item.SORT : (i + 1) * 10,
			ROLE_ID: 0,
			IS_PRIMARY: i === primaryIndex ? 'Y' : 'N',
		}));
		if (result.length) this.bindings.set(contactId, result);
		else this.bindings.delete(contactId);
	}

	clearBindings(contactId: number): void {
		this.bindings.delete(contactId);
	}

	/**
	 * One new binding (crm.contact.company.add): false when already bound. SORT defaults to the
	 * maximum existing SORT + 10 (or 10); the first binding is primary; 'Y' on a later one moves
	 * the primary to it (research §1.2, crm-contact-company-add.md).
	 */
	addBinding(contactId: number, input: BindingInput): boolean {
		const list = this.bindings.get(contactId) ?? [];
		if (list.some((b) => b.COMPANY_ID === input.COMPANY_ID)) return false;
		const maxSort = list.reduce((max, b) => Math.max(max, b.SORT), 0);
		const primary = list.length === 0 || input.IS_PRIMARY === 'Y';
		if (primary) for (const b of list) b.IS_PRIMARY = 'N';
		list.push({
			COMPANY_ID: input.COMPANY_ID,
			SORT: input.SORT !== undefined && input.SORT > 0 ? input.SORT : maxSort + 10,
			ROLE_ID: 0,
			IS_PRIMARY: primary ? 'Y' : 'N',
		});
		this.bindings.set(contactId, list);
		return true;
	}

	/** Removes one binding: false when it was not bound; a removed primary passes to the first remaining (research §1.2). */
	removeBinding(contactId: number, companyId: number): boolean {
		const list = this.bindings.get(contactId) ?? [];
		const index = list.findIndex((b) => b.COMPANY_ID === companyId);
		if (index === -1) return false;
		const [removed] = list.splice(index, 1);
		if (list.length === 0) {
			this.bindings.delete(contactId);
			return true;
		}
		if (removed.IS_PRIMARY === 'Y') ordered(list)[0].IS_PRIMARY = 'Y';
		return true;
	}
}
