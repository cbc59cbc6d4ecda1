/**
 * What the portal searches when a record is named by e-mail, phone or tax ID: the CRM's duplicate
 * index of communications (e-mails and phones of leads, contacts and companies) and the companies'
 * and contacts' requisites. Kept as the server keeps them:
 * - communications as match codes ([server] crm/lib/integrity/duplicatecommunicationcriterion.php
 *   `DuplicateCommunicationCriterion::register` stores `prepareCodes` of the record's values, and
 *   `find` compares `prepareCode` of the searched value with them);
 * - requisites as rows of crm.requisite.list (b24restdocs api-reference/crm/requisites/universal/).
 */
import { isoWithOffset } from './envelope';

export type CommType = 'EMAIL' | 'PHONE';
/** The record types the duplicate index holds, by their CCrmOwnerType names and IDs. */
export const COMM_OWNER_TYPES: Record<string, number> = { LEAD: 1, CONTACT: 3, COMPANY: 4 };

/**
 * [server] main/tools.php `NormalizePhone($number, 1)`, then `DuplicateCommunicationCriterion::
 * normalizePhone`: the sandbox's own reading of the server code, apart from the node's.
 */
export function normalizePhone(value: string): string {
	if (value === '') return '';
	let n = value;
	if (n.length >= 10 && n.startsWith('+8')) n = '00' + n.substring(1);
	n = n.replace(/[^0-9#*,;]/g, '');
	if (n.length >= 10) {
		if (n.startsWith('80') || n.startsWith('81') || n.startsWith('82')) {
			// kept as it is
		} else if (n.startsWith('00')) n = n.substring(2);
		else if (n.startsWith('011')) n = n.substring(3);
		else if (n.startsWith('8')) n = '7' + n.substring(1);
		else if (n.startsWith('0')) n = n.substring(1);
	}
	return n.replace(/(\d+)([;#]*)([\d,]*)/g, '$1');
}

/** `prepareCode`: an e-mail trimmed and lower-cased, a phone normalised; a value that gives nothing stays as it is. */
export function matchCode(type: CommType, value: string): string {
	const code = type === 'PHONE' ? normalizePhone(value) : value.trim().toLowerCase();
	return code === '' ? value : code;
}

interface CommEntry {
	ownerTypeId: number;
	ownerId: number;
	type: CommType;
	code: string;
}

export interface Requisite {
	ID: number;
	ENTITY_TYPE_ID: number;
	ENTITY_ID: number;
	PRESET_ID: number;
	NAME: string;
	RQ_INN: string;
	RQ_VAT_ID: string;
	DATE_CREATE: string;
}

export class LookupData {
	private comms: CommEntry[] = [];
	readonly requisites = new Map<number, Requisite>();

	clear(): void {
		this.comms = [];
		this.requisites.clear();
	}

	/** A record's e-mails or phones, as saving the record registers them. */
	addCommunications(ownerType: string, ownerId: number, type: CommType, values: string[]): void {
		const ownerTypeId = COMM_OWNER_TYPES[ownerType];
		if (!ownerTypeId) throw new Error(`unknown owner type ${ownerType}`);
		for (const value of values) {
			const code = matchCode(type, value);
			if (code.trim() === '') continue;
			const known = this.comms.some(
				(c) => c.ownerTypeId === ownerTypeId && c.ownerId === ownerId && c.code === code,
			);
			if (!known) this.comms.push({ ownerTypeId, ownerId, type, code });
		}
	}

	/**
	 * `DuplicateCommunicationCriterion::find($entityTypeID, $limit)`: the records whose match code
	 * equals the value's, ordered by type then ID, at most `limit`; `ownerTypeId` 0 means any type.
	 */
	findByCommunication(type: CommType, value: string, ownerTypeId: number, limit: number) {
		const code = matchCode(type, value);
		return this.comms
			.filter((c) => c.type === type && c.code === code)
			.filter((c) => ownerTypeId === 0 || c.ownerTypeId === ownerTypeId)
			.sort((a, b) => a.ownerTypeId - b.ownerTypeId || a.ownerId - b.ownerId)
			.slice(0, limit);
	}

	addRequisite(fields: Partial<Requisite> & { ENTITY_ID: number }): Requisite {
		const id = Math.max(0, ...this.requisites.keys()) + 1;
		const requisite: Requisite = {
			ID: id,
			ENTITY_TYPE_ID: fields.ENTITY_TYPE_ID ?? 4,
			ENTITY_ID: fields.ENTITY_ID,
			PRESET_ID: fields.PRESET_ID ?? 1,
			NAME: fields.NAME ?? 'Organization',
			RQ_INN: fields.RQ_INN ?? '',
			RQ_VAT_ID: fields.RQ_VAT_ID ?? '',
			DATE_CREATE: isoWithOffset(Date.now()),
		};
		this.requisites.set(id, requisite);
		return requisite;
	}
}
