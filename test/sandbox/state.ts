/**
 * The portal's CRM data: contacts, companies, deals, leads, quotes, and the bindings of every
 * family (families.ts). Bindings are kept as Bitrix24 stores them (b24restdocs api-reference/crm/contacts/company/): one record per
 * bound ID with SORT, ROLE_ID and IS_PRIMARY, and an owner's `COMPANY_ID`/`CONTACT_ID` field
 * mirrors its primary binding. A contact↔company link is one link seen from both ends: changing
 * it through either family changes what the other family reads.
 */
import { isoWithOffset } from './envelope';
import { type EntityKind, type FamilyKey, MIRRORS } from './families';
import { LookupData } from './lookup-data';

export interface Contact {
	ID: number;
	NAME: string;
	LAST_NAME: string;
	DATE_CREATE: string;
	DATE_MODIFY: string;
}

/** A company, deal, lead or quote: for what the sandbox serves, a titled record. */
export interface TitledRecord {
	ID: number;
	TITLE: string;
	DATE_CREATE: string;
	DATE_MODIFY: string;
}

export type Company = TitledRecord;

/** A contact→company binding as crm.contact.company.items.get answers it. */
export interface Binding {
	COMPANY_ID: number;
	SORT: number;
	ROLE_ID: 0;
	IS_PRIMARY: 'Y' | 'N';
}

/** A binding of any family, with the bound record's ID under a neutral name. */
export interface StoredBinding {
	boundId: number;
	SORT: number;
	ROLE_ID: 0;
	IS_PRIMARY: 'Y' | 'N';
}

export interface BindingInput {
	boundId: number;
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
const ordered = (list: StoredBinding[]): StoredBinding[] =>
	[...list].sort((a, b) => a.SORT - b.SORT);

export class PortalState {
	readonly contacts = new Map<number, Contact>();
	readonly companies = new Map<number, TitledRecord>();
	readonly deals = new Map<number, TitledRecord>();
	readonly leads = new Map<number, TitledRecord>();
	readonly quotes = new Map<number, TitledRecord>();
	/** Titled records of the kinds only a family given to the sandbox owns. */
	private readonly otherTitled = new Map<string, Map<number, TitledRecord>>();
	readonly users = new Map<number, User>();
	/** Per family: owner ID → its bindings. */
	private readonly links = new Map<FamilyKey, Map<number, StoredBinding[]>>();
	/** E-mails, phones and requisites, which records can be found by (lookup-data.ts). */
	readonly lookups = new LookupData();

	clear(): void {
		this.contacts.clear();
		for (const kind of ['company', 'deal', 'lead', 'quote'] as const) this.titled(kind).clear();
		this.otherTitled.clear();
		this.links.clear();
		this.lookups.clear();
	}

	/** The records of a kind other than contacts. */
	titled(kind: Exclude<EntityKind, 'contact'>): Map<number, TitledRecord> {
		const builtIn = {
			company: this.companies,
			deal: this.deals,
			lead: this.leads,
			quote: this.quotes,
		}[kind as string];
		if (builtIn) return builtIn;
		let records = this.otherTitled.get(kind);
		if (!records) {
			records = new Map();
			this.otherTitled.set(kind, records);
		}
		return records;
	}

	has(kind: EntityKind, id: number): boolean {
		return kind === 'contact' ? this.contacts.has(id) : this.titled(kind).has(id);
	}

	private nextId(map: Map<number, unknown>): number {
		let max = 0;
		for (const id of map.keys()) max = Math.max(max, id);
		return max + 1;
	}

	addContact(fields: { ID?: number; NAME?: string; LAST_NAME?: string }): Contact {
		const now = isoWithOffset(Date.now());
		const id = fields.ID && fields.ID > 0 ? fields.ID : this.nextId(this.contacts);
		const contact: Contact = {
			ID: id,
			NAME: fields.NAME ?? '',
			LAST_NAME: fields.LAST_NAME ?? '',
			DATE_CREATE: now,
			DATE_MODIFY: now,
		};
		this.contacts.set(id, contact);
		return contact;
	}

	addTitled(
		kind: Exclude<EntityKind, 'contact'>,
		fields: { ID?: number; TITLE?: string },
	): TitledRecord {
		const map = this.titled(kind);
		const now = isoWithOffset(Date.now());
		const id = fields.ID && fields.ID > 0 ? fields.ID : this.nextId(map);
		const record: TitledRecord = {
			ID: id,
			TITLE: fields.TITLE ?? '',
			DATE_CREATE: now,
			DATE_MODIFY: now,
		};
		map.set(id, record);
		return record;
	}

	addCompany(fields: { ID?: number; TITLE?: string }): TitledRecord {
		return this.addTitled('company', fields);
	}

	private owners(family: FamilyKey): Map<number, StoredBinding[]> {
		let owners = this.links.get(family);
		if (!owners) {
			owners = new Map();
			this.links.set(family, owners);
		}
		return owners;
	}

	/** Owners that have at least one binding, in ID order. */
	ownersWithBindings(family: FamilyKey): number[] {
		return [...this.owners(family).keys()].sort((a, b) => a - b);
	}

	getBindings(family: FamilyKey, ownerId: number): StoredBinding[] {
		return ordered(this.owners(family).get(ownerId) ?? []).map((b) => ({ ...b }));
	}

	/** The owner's COMPANY_ID / CONTACT_ID field: the record of the primary binding (b24restdocs api-reference/crm/contacts/company/, index.md). */
	primaryBoundId(family: FamilyKey, ownerId: number): number | null {
		return (
			(this.owners(family).get(ownerId) ?? []).find((b) => b.IS_PRIMARY === 'Y')?.boundId ?? null
		);
	}

	/**
	 * Replaces the whole set (items.set). Follows EntityBinding::normalizeEntityBindings [server]:
	 * entries with an ID ≤ 0 are skipped, duplicates dropped (first kept), a missing or ≤ 0
	 * SORT becomes (i + 1) * 10, only the string 'Y' marks primary, the first 'Y' wins, and with
	 * no 'Y' the first binding is primary.
	 */
	setBindings(family: FamilyKey, ownerId: number, items: BindingInput[]): void {
		const before = this.boundIds(family, ownerId);
		const seen = new Set<number>();
		const unique = items.filter((item) => {
			if (!(item.boundId > 0) || seen.has(item.boundId)) return false;
			seen.add(item.boundId);
			return true;
		});
		let primaryIndex = unique.findIndex((item) => item.IS_PRIMARY === 'Y');
		if (primaryIndex === -1) primaryIndex = 0;
		const result: StoredBinding[] = unique.map((item, i) => ({
			boundId: item.boundId,
			SORT: item.SORT !== undefined && item.SORT > 0 ? item.SORT : (i + 1) * 10,
			ROLE_ID: 0,
			IS_PRIMARY: i === primaryIndex ? 'Y' : 'N',
		}));
		if (result.length) this.owners(family).set(ownerId, result);
		else this.owners(family).delete(ownerId);
		this.mirrorChanges(family, ownerId, before);
	}

	clearBindings(family: FamilyKey, ownerId: number): void {
		const before = this.boundIds(family, ownerId);
		this.owners(family).delete(ownerId);
		this.mirrorChanges(family, ownerId, before);
	}

	/**
	 * One new binding (*.add): false when already bound, and then nothing changes. SORT defaults
	 * to the maximum existing SORT + 10 (or 10); the first binding of an owner without any is
	 * primary ("For the first added element, IS_PRIMARY is Y by default"); 'Y' on a later one moves
	 * the primary to it ("overrides the existing primary link"). Source: bitrix24/b24restdocs
	 * api-reference/crm/contacts/company/crm-contact-company-add.md (fields IS_PRIMARY, SORT;
	 * result false "most likely ... already linked"); b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding.
	 */
	addBinding(family: FamilyKey, ownerId: number, input: BindingInput): boolean {
		if (!this.addOneSide(family, ownerId, input)) return false;
		const mirror = MIRRORS[family];
		if (mirror) this.addOneSide(mirror, input.boundId, this.mirrorInput(family, ownerId));
		return true;
	}

	/** Removes one binding: false when it was not bound; a removed primary passes to the first remaining (b24restdocs api-reference/crm/contacts/company/, [server] Crm\Binding\EntityBinding). */
	removeBinding(family: FamilyKey, ownerId: number, boundId: number): boolean {
		if (!this.removeOneSide(family, ownerId, boundId)) return false;
		const mirror = MIRRORS[family];
		if (mirror) this.removeOneSide(mirror, boundId, ownerId);
		return true;
	}

	private boundIds(family: FamilyKey, ownerId: number): Set<number> {
		return new Set((this.owners(family).get(ownerId) ?? []).map((b) => b.boundId));
	}

	/**
	 * Keeps the other end of contact↔company links in step after a change of a whole set: links
	 * that went away are removed there, new ones are added there with the add rules (the other
	 * end's own SORT and primary are its own; the docs say nothing of one set changing the other's).
	 */
	private mirrorChanges(family: FamilyKey, ownerId: number, before: Set<number>): void {
		const mirror = MIRRORS[family];
		if (!mirror) return;
		const after = this.boundIds(family, ownerId);
		for (const id of before) if (!after.has(id)) this.removeOneSide(mirror, id, ownerId);
		for (const id of after)
			if (!before.has(id)) this.addOneSide(mirror, id, this.mirrorInput(family, ownerId));
	}

	/**
	 * The other end of a new link. Bound from the company side, the company becomes the contact's
	 * primary: [server] crm/classes/general/restservice.php binds crm.company.contact.add and
	 * items.set through ContactCompanyTable::bindContacts (crm/lib/binding/contactcompany.php), which
	 * sets IS_PRIMARY 'Y' on that company's link of each contact and 'N' on its other companies.
	 */
	private mirrorInput(family: FamilyKey, ownerId: number): BindingInput {
		return { boundId: ownerId, IS_PRIMARY: family === 'companyContact' ? 'Y' : undefined };
	}

	private addOneSide(family: FamilyKey, ownerId: number, input: BindingInput): boolean {
		const list = this.owners(family).get(ownerId) ?? [];
		if (list.some((b) => b.boundId === input.boundId)) return false;
		const maxSort = list.reduce((max, b) => Math.max(max, b.SORT), 0);
		const primary = list.length === 0 || input.IS_PRIMARY === 'Y';
		if (primary) for (const b of list) b.IS_PRIMARY = 'N';
		list.push({
			boundId: input.boundId,
			SORT: input.SORT !== undefined && input.SORT > 0 ? input.SORT : maxSort + 10,
			ROLE_ID: 0,
			IS_PRIMARY: primary ? 'Y' : 'N',
		});
		this.owners(family).set(ownerId, list);
		return true;
	}

	private removeOneSide(family: FamilyKey, ownerId: number, boundId: number): boolean {
		const list = this.owners(family).get(ownerId) ?? [];
		const index = list.findIndex((b) => b.boundId === boundId);
		if (index === -1) return false;
		const [removed] = list.splice(index, 1);
		if (list.length === 0) {
			this.owners(family).delete(ownerId);
			return true;
		}
		if (removed.IS_PRIMARY === 'Y') ordered(list)[0].IS_PRIMARY = 'Y';
		return true;
	}
}
