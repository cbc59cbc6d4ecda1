/**
 * The control API's seed of what records are found by (lookup-data.ts): `communications`, the
 * e-mails and phones of leads, contacts and companies, and `requisites`, the companies' (or
 * contacts') requisites with their tax IDs. A control-API shape, not a REST one.
 */
import { COMM_OWNER_TYPES } from './lookup-data';
import type { Portal } from './portal';

type Json = Record<string, unknown>;

export interface SeedCommunication {
	entityType: 'CONTACT' | 'COMPANY' | 'LEAD';
	ID: number;
	EMAIL?: string[];
	PHONE?: string[];
}

export interface SeedRequisite {
	/** 4 (company, the default) or 3 (contact). */
	ENTITY_TYPE_ID?: number;
	ENTITY_ID: number;
	NAME?: string;
	RQ_INN?: string;
	RQ_VAT_ID?: string;
}

const strings = (v: unknown, what: string): string[] => {
	if (v === undefined) return [];
	if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
		throw new Error(`${what} must be an array of strings`);
	return v as string[];
};

function seedCommunications(portal: Portal, rows: unknown): void {
	if (!Array.isArray(rows)) throw new Error('communications must be an array');
	for (const row of rows as Json[]) {
		const type = String(row?.entityType ?? '');
		if (!COMM_OWNER_TYPES[type]) throw new Error('entityType must be CONTACT, COMPANY or LEAD');
		const id = Number(row.ID);
		portal.state.lookups.addCommunications(type, id, 'EMAIL', strings(row.EMAIL, 'EMAIL'));
		portal.state.lookups.addCommunications(type, id, 'PHONE', strings(row.PHONE, 'PHONE'));
	}
}

function seedRequisites(portal: Portal, rows: unknown): number[] {
	if (!Array.isArray(rows)) throw new Error('requisites must be an array');
	return (rows as Json[]).map((row) => {
		if (!(Number(row?.ENTITY_ID) > 0)) throw new Error('each requisite needs an ENTITY_ID');
		return portal.state.lookups.addRequisite({
			ENTITY_TYPE_ID: row.ENTITY_TYPE_ID === undefined ? undefined : Number(row.ENTITY_TYPE_ID),
			ENTITY_ID: Number(row.ENTITY_ID),
			NAME: row.NAME === undefined ? undefined : String(row.NAME),
			RQ_INN: row.RQ_INN === undefined ? undefined : String(row.RQ_INN),
			RQ_VAT_ID: row.RQ_VAT_ID === undefined ? undefined : String(row.RQ_VAT_ID),
		}).ID;
	});
}

/** Seeds the body's `communications` and `requisites`; answers the new requisites' IDs, when given. */
export function seedLookups(portal: Portal, body: Json): { requisites?: number[] } {
	if (body.communications !== undefined) seedCommunications(portal, body.communications);
	if (body.requisites === undefined) return {};
	return { requisites: seedRequisites(portal, body.requisites) };
}
