import type { IDataObject } from 'n8n-workflow';

/** A record's bindings as the trigger remembers them: the bound IDs and the primary. */
export interface Snapshot {
	/** Ascending, each once. */
	ids: number[];
	/** The primary bound record; 0 when there is none, or when the list does not show it. */
	primary: number;
}

/** Owner ID → its bindings. */
export type Snapshots = Map<number, Snapshot>;

/** What the trigger keeps in the node's static data between polls. */
export interface RememberedState {
	/** What was watched (watch.ts `watchKey`): state of another selection is not compared. */
	key: string;
	/** Counts the polls that emitted; part of every change ID, so a later repeat is a new change. */
	generation: number;
	records: Snapshots;
}

/*
 * The encoding, chosen to keep 100,000 records within a few MB of static data: records ascending
 * by ID, separated by ";", each "<ID minus the previous ID>:<bound IDs>", numbers in base 36, bound
 * IDs ascending and separated by ",", the primary marked with a leading "!". Contact 54 bound to
 * companies 7 (primary), 8 and 9 after contact 50 is "4:!7,8,9". A record with no bindings is "4:".
 */

const base36 = (n: number) => n.toString(36);

function encodeOne(delta: number, snapshot: Snapshot): string {
	const bound = snapshot.ids.map((id) => (id === snapshot.primary ? `!${base36(id)}` : base36(id)));
	return `${base36(delta)}:${bound.join(',')}`;
}

export function encodeSnapshots(records: Snapshots): string {
	const owners = [...records.keys()].sort((a, b) => a - b);
	let previous = 0;
	return owners
		.map((owner) => {
			const entry = encodeOne(owner - previous, records.get(owner) as Snapshot);
			previous = owner;
			return entry;
		})
		.join(';');
}

function decodeOne(text: string): Snapshot {
	let primary = 0;
	const ids =
		text === ''
			? []
			: text.split(',').map((part) => {
					const id = parseInt(part.replace('!', ''), 36);
					if (part.startsWith('!')) primary = id;
					return id;
				});
	return { ids, primary };
}

/** Undefined when the text is not an encoding this version wrote. */
export function decodeSnapshots(text: string): Snapshots | undefined {
	const records: Snapshots = new Map();
	if (text === '') return records;
	let owner = 0;
	for (const entry of text.split(';')) {
		const colon = entry.indexOf(':');
		const delta = parseInt(entry.slice(0, colon), 36);
		if (colon < 1 || !(delta > 0)) return undefined;
		owner += delta;
		records.set(owner, decodeOne(entry.slice(colon + 1)));
	}
	return records;
}

/** The comparable form of a record's bindings; a record not seen has none. */
export function fingerprintOf(snapshot: Snapshot | undefined): string {
	if (!snapshot) return '-';
	return `${snapshot.ids.join(',')}|${snapshot.primary}`;
}

const STATE_VERSION = 1;

/** The remembered state, when there is one for this selection. */
export function loadState(staticData: IDataObject, key: string): RememberedState | undefined {
	if (staticData.version !== STATE_VERSION || staticData.key !== key) return undefined;
	const records = decodeSnapshots(String(staticData.records ?? ''));
	if (!records) return undefined;
	return { key, generation: Number(staticData.generation) || 0, records };
}

/**
 * Replaces the remembered state in one step, after everything was read: n8n stores static data
 * when the poll's items are handed on, so a poll that fails or is cut off leaves the old state.
 */
export function saveState(staticData: IDataObject, state: RememberedState): void {
	const records = encodeSnapshots(state.records);
	staticData.version = STATE_VERSION;
	staticData.key = state.key;
	staticData.generation = state.generation;
	staticData.records = records;
}
