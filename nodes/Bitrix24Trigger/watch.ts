import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import type { BindingFamily, ListRead } from '../Bitrix24/actions/families';
import { familyOf } from '../Bitrix24/actions/families';
import type { Authentication } from '../Bitrix24/transport/portal';

export type WatchMode = 'all' | 'filter' | 'ids';

/** What the trigger watches, read from its parameters and checked before anything is sent. */
export interface Watch {
	authentication: Authentication;
	family: BindingFamily;
	source: ListRead;
	mode: WatchMode;
	/** The user's crm.item.list filter; empty unless `mode` is `filter`. */
	filter: IDataObject;
	/** The watched IDs, ascending, each once; empty unless `mode` is `ids`. */
	ids: number[];
}

/** Bad input: names the parameter, says what is wrong and what to do, before any request. */
export function badInput(node: INode, field: string, problem: string, fix: string) {
	return new NodeOperationError(node, `${field}: ${problem}`, { description: fix });
}

function familyParameter(context: IPollFunctions, families: readonly BindingFamily[]) {
	const resource = String(context.getNodeParameter('resource', ''));
	const family = familyOf(resource, families);
	if (!family?.listRead) {
		throw badInput(
			context.getNode(),
			'Resource',
			`"${resource}" is not a record type the trigger can watch`,
			'Choose one of the listed resources.',
		);
	}
	return { family, source: family.listRead };
}

const ID_KEY = /^[!=<>@%]*id$/i;
const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

/** The Filter parameter: a JSON object of conditions; the trigger pages by ID itself. */
function filterParameter(context: IPollFunctions): IDataObject {
	const raw = context.getNodeParameter('filter', '{}');
	const node = context.getNode();
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = jsonParse(raw.trim() === '' ? '{}' : raw);
		} catch {
			throw badInput(node, 'Filter', 'is not valid JSON', 'Write it like {"assignedById": 1}.');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw badInput(node, 'Filter', 'must be a JSON object', 'Write it like {"assignedById": 1}.');
	}
	for (const [key, value] of Object.entries(parsed)) {
		if (ID_KEY.test(key)) {
			throw badInput(
				node,
				'Filter',
				`the condition "${key}" is on the record ID, which the trigger pages by itself`,
				'Remove it, or choose Watch: Records by ID to watch a fixed list.',
			);
		}
		if (!isScalar(value) && !(Array.isArray(value) && value.every(isScalar))) {
			throw badInput(
				node,
				'Filter',
				`the value of "${key}" is neither a value nor a list of values`,
				'Give each field a text, a number, or a list of them.',
			);
		}
	}
	return parsed as IDataObject;
}

/** Record IDs: positive whole numbers, at least one; duplicates are watched once. */
function idsParameter(context: IPollFunctions): number[] {
	const node = context.getNode();
	const text = String(context.getNodeParameter('recordIds', ''));
	const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
	if (parts.length === 0) {
		throw badInput(node, 'Record IDs', 'the list is empty', 'Enter at least one record ID.');
	}
	const ids = parts.map((part) => {
		if (!/^\d+$/.test(part) || Number(part) < 1 || !Number.isSafeInteger(Number(part))) {
			throw badInput(
				node,
				'Record IDs',
				`"${part}" is not a positive whole number`,
				'Enter record IDs such as 54, separated by commas.',
			);
		}
		return Number(part);
	});
	return [...new Set(ids)].sort((a, b) => a - b);
}

function modeParameter(context: IPollFunctions): WatchMode {
	const mode = String(context.getNodeParameter('watch', 'all'));
	if (mode === 'all' || mode === 'filter' || mode === 'ids') return mode;
	throw badInput(context.getNode(), 'Watch', `"${mode}" is not a known choice`, 'Choose one.');
}

/** Reads and checks the parameters; throws a NodeOperationError naming the field when bad. */
export function readWatch(context: IPollFunctions, families: readonly BindingFamily[]): Watch {
	const authentication = context.getNodeParameter('authentication', 'webhook') as Authentication;
	const mode = modeParameter(context);
	return {
		authentication,
		...familyParameter(context, families),
		mode,
		filter: mode === 'filter' ? filterParameter(context) : {},
		ids: mode === 'ids' ? idsParameter(context) : [],
	};
}

/** What the remembered state belongs to: another portal, type or selection starts afresh. */
export function watchKey(watch: Watch, origin: string): string {
	const what = [origin, watch.family.resource, watch.mode, watch.filter, watch.ids];
	return fingerprint(JSON.stringify(what));
}

/** FNV-1a twice with different seeds: 16 hex characters, stable across processes and versions. */
export function fingerprint(text: string): string {
	const pass = (seed: number) => {
		let hash = seed;
		for (let index = 0; index < text.length; index++) {
			hash ^= text.charCodeAt(index);
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
		return hash.toString(16).padStart(8, '0');
	};
	return pass(0x811c9dc5) + pass(0x050c5d1f);
}
