import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureToNodeApiError } from '../../explanations';
import type { OperationInput } from '../common/operationInput';
import type { OperationPlan } from '../common/operationPlan';
import type { Found, FoundRecords } from './found';
import { searchedWhere, verbPhrase } from './found';
import type { Lookup, LookupIds } from './lookup';
import { describeLookup, idKeyOf, lookupKey } from './lookup';

/**
 * The first planning of an item: notes the lookups it makes and answers each with a stand-in ID
 * (negative, one per value, so checks such as "listed twice" still work), for a plan that is then
 * put aside until the lookup round has found the real IDs.
 */
export class LookupCollector implements LookupIds {
	readonly lookups: Lookup[] = [];

	private readonly standIns = new Map<string, number>();

	idOf(lookup: Lookup): number {
		const key = lookupKey(lookup);
		let standIn = this.standIns.get(key);
		if (standIn === undefined) {
			standIn = -(this.standIns.size + 1);
			this.standIns.set(key, standIn);
			this.lookups.push(lookup);
		}
		return standIn;
	}
}

/** How the item chooses among several matches: Options > When Several Records Match. */
export type SeveralMatches = 'fail' | 'oldest';

/** The second planning of an item: the IDs found, or the error that stops the item. */
export class FoundIds implements LookupIds {
	/** Each value the item gave and the ID it found, for the output's `resolved`. */
	readonly resolved: IDataObject[] = [];

	private readonly noted = new Set<string>();

	constructor(
		private readonly found: FoundRecords,
		private readonly input: OperationInput,
		private readonly several: SeveralMatches,
	) {}

	idOf(lookup: Lookup, where: string): number {
		const key = lookupKey(lookup);
		const found = this.found.byKey.get(key);
		if (!found) throw new Error(`${lookup.value} was not looked up`);
		const id = this.chosen(lookup, found, where);
		if (!this.noted.has(key)) {
			this.noted.add(key);
			this.resolved.push({ [lookup.kind]: lookup.value, [idKeyOf(lookup)]: id });
		}
		return id;
	}

	private chosen(lookup: Lookup, found: Found, where: string): number {
		const { node, itemIndex } = this.input;
		if (!found.ok) {
			return this.failed(lookup, found);
		}
		const { label, plural } = lookup.entity;
		const value = `"${lookup.value}" (${where}, item ${itemIndex})`;
		if (found.ids.length === 0) {
			throw new NodeOperationError(node, `No ${label} ${verbPhrase(lookup, false)} ${value}`, {
				itemIndex,
				description: `${searchedWhere(lookup)} Check the value, or give the ${label} by ID. This item changed nothing.`,
			});
		}
		if (found.ids.length === 1 || this.several === 'oldest') return found.ids[0];
		const count = `${found.more ? 'At least ' : ''}${found.ids.length}`;
		throw new NodeOperationError(
			node,
			`${count} ${plural} ${verbPhrase(lookup, true)} ${value}: IDs ${idList(found.ids)}`,
			{
				itemIndex,
				description: `Give the ${label} by ID, or set Options > When Several Records Match to "Use the Oldest" to take ${label} ${found.ids[0]}. This item changed nothing.`,
			},
		);
	}

	private failed(lookup: Lookup, found: Extract<Found, { ok: false }>): never {
		const connection = this.found.connection;
		throw failureToNodeApiError(this.input.node, found.failure, {
			method: found.method,
			subject: `the search for ${describeLookup(lookup)}`,
			itemIndex: this.input.itemIndex,
			secrets: connection?.secrets ?? [],
			gaveUp: found.gaveUp,
			credentialType: connection?.credentialType,
			rights: `read ${lookup.entity.plural}`,
		});
	}
}

/** The IDs that match, the first ten of a long list: the message stays readable. */
function idList(ids: number[]): string {
	const shown = ids.slice(0, 10).join(', ');
	return ids.length > 10 ? `${shown} and ${ids.length - 10} more` : shown;
}

/** The plan with `resolved` in each of its output items (and in those of the plans that may follow it). */
export function withResolved(plan: OperationPlan, resolved: IDataObject[]): OperationPlan {
	const { output, followUp, bulkRead } = plan;
	const resolvedToo = (next: OperationPlan | undefined) => next && withResolved(next, resolved);
	return {
		...plan,
		output: (results) => output(results).map((json) => ({ ...json, resolved })),
		followUp: followUp && ((results) => resolvedToo(followUp(results))),
		bulkRead: bulkRead && { ...bulkRead, plan: (listed) => resolvedToo(bulkRead.plan(listed)) },
	};
}
