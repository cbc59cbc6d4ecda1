import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingFamily } from '../families';
import type { BindingRequest } from './bindings';
import { bindingsOutput, bitrixItems } from './bindings';
import type { OperationInput } from './operationInput';
import { methodOf, ownerSubject } from './operationInput';
import type { CallResults, OperationPlan } from './operationPlan';

/** Skip Unchanged for one item: whether the user asked for it, and whether it may skip. */
export interface SkipChoice {
	asked: boolean;
	/**
	 * True for a record that an earlier item of the run changes: its read may come before that
	 * change, so it is written all the same (after its read, so the run's order holds).
	 */
	mustWrite: boolean;
	/** The output's `unchanged` entry, present only when Skip Unchanged is on. */
	entry: (unchanged: boolean) => { unchanged?: boolean };
}

/** Reads Skip Unchanged (off by default) for an item, and notes its record as changed by the run. */
export function skipChoice(input: OperationInput, ownerId: number): SkipChoice {
	const changedEarlier = input.changedEarlier?.has(ownerId) === true;
	input.changedEarlier?.add(ownerId);
	const asked = input.read('options.skipUnchanged', false) === true;
	return {
		asked,
		mustWrite: changedEarlier,
		entry: (unchanged) => (asked ? { unchanged } : {}),
	};
}

interface Placed {
	id: number;
	sort: number;
	primary: boolean;
}

/** In the order Bitrix24 lists them: by SORT, ties in the order given. */
function inListOrder(bindings: Placed[]): Placed[] {
	return bindings
		.map((binding, index) => ({ binding, index }))
		.sort((a, b) => a.binding.sort - b.binding.sort || a.index - b.index)
		.map(({ binding }) => binding);
}

function placedNow(family: BindingFamily, current: unknown): Placed[] {
	return bindingsOutput(family, current).map((binding) => ({
		id: Number(binding[family.bound.idParameter]),
		sort: Number(binding.sort),
		primary: binding.isPrimary === true,
	}));
}

/**
 * Whether the bindings as read already are what a Set to `requested` would make them: the same
 * records, the same primary (the one marked, or with none marked the first, as Bitrix24 does:
 * crm-contact-company-items-set.md, IS_PRIMARY), the same order, and the same SORT where the user
 * gave one. A SORT the node would number itself (left at 0) is not compared: only the order is.
 */
export function alreadySet(
	family: BindingFamily,
	current: unknown,
	requested: BindingRequest[],
): boolean {
	const now = inListOrder(placedNow(family, current));
	const items = bitrixItems(family, requested);
	const wanted = inListOrder(
		requested.map((binding, index) => ({
			id: binding.boundId,
			sort: Number(items[index].SORT),
			primary: binding.boundId === (requested.find((r) => r.isPrimary) ?? requested[0]).boundId,
		})),
	);
	if (now.length !== wanted.length) return false;
	const sortGiven = new Map(requested.map((binding) => [binding.boundId, binding.sort]));
	return wanted.every((target, index) => {
		const found = now[index];
		const givenSort = sortGiven.get(target.id);
		return (
			found.id === target.id &&
			found.primary === target.primary &&
			(givenSort === undefined || found.sort === givenSort)
		);
	});
}

/** The output of an item whose bindings were already right: nothing was sent to change them. */
export type UnchangedOutput = (current: unknown) => IDataObject;

/**
 * A change in two steps: read the bindings (items.get), then make the change only when `differs`
 * says the bindings are not yet what it would make them. The change is the operation's usual plan,
 * given what was read (so a change report needs no second read). An unchanged item's bindings are
 * the ones read, as the read-back would have shown them.
 */
export function readFirst(
	input: OperationInput,
	id: number,
	differs: (current: unknown) => boolean,
	change: (current: unknown) => OperationPlan,
	unchanged: UnchangedOutput,
): OperationPlan {
	const read: BitrixCall = {
		method: methodOf(input.family, 'items.get'),
		params: { id },
		subject: ownerSubject(input, id),
	};
	const current = (results: CallResults) => results.of(read);
	return {
		calls: [read],
		// Never shown: the follow-up always takes the item's place once the read has answered.
		output: (results) => [unchanged(current(results))],
		followUp: (results) => {
			const before = current(results);
			if (differs(before)) return change(before);
			const bindings = input.returnBindings
				? { [input.family.bound.plural]: bindingsOutput(input.family, before) }
				: {};
			return { calls: [], output: () => [{ ...unchanged(before), ...bindings }] };
		},
	};
}
