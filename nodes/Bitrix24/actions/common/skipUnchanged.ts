import type { IDataObject } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingFamily } from '../families';
import type { BindingRequest } from './bindings';
import { bindingsOutput, bitrixItems } from './bindings';
import type { OperationInput } from './operationInput';
import { methodOf, ownerSubject } from './operationInput';
import type { ListedBindings } from './listedBindings';
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

/** How one item's Skip Unchanged decides, and what it does either way. */
export interface SkipSteps {
	/** Whether the bindings as items.get reads them are not yet what the change would make them. */
	differs: (current: unknown) => boolean;
	/**
	 * The same from what crm.item.list shows (no SORT, no role): true or false, or undefined when
	 * that is not enough to tell, and the record is read with items.get instead.
	 */
	differsListed: (listed: ListedBindings) => boolean | undefined;
	/** The operation's usual plan, given the bindings read (a change report needs no second read). */
	change: (current: unknown) => OperationPlan;
	unchanged: UnchangedOutput;
}

/** A listed record's bindings in items.get's shape, as far as the list shows them (no SORT, no role). */
function asReadRows(family: BindingFamily, listed: ListedBindings): IDataObject[] {
	return listed.ids.map((id) => ({
		[family.bound.idField]: id,
		IS_PRIMARY: id === listed.primary ? 'Y' : 'N',
	}));
}

/** An unchanged item's plan: nothing to send, and the bindings read, when the output shows them. */
function unchangedPlan(input: OperationInput, output: IDataObject, bindings: IDataObject[]) {
	const shown = input.returnBindings ? { [input.family.bound.plural]: bindings } : {};
	return { calls: [], output: () => [{ ...output, ...shown }] };
}

/**
 * The plan once many records' bindings have been read together (crm.item.list, see the router's
 * bulk-read round): the change, the unchanged output (its bindings as the list shows them: the
 * IDs in order and the primary), or undefined to read the record itself.
 */
function fromListed(input: OperationInput, steps: SkipSteps, listed: ListedBindings) {
	const verdict = steps.differsListed(listed);
	if (verdict === undefined) return undefined;
	const before = asReadRows(input.family, listed);
	if (verdict) return steps.change(before);
	const bindings = listed.ids.map((id) => ({
		[input.family.bound.idParameter]: id,
		isPrimary: id === listed.primary,
	}));
	return unchangedPlan(input, steps.unchanged(before), bindings);
}

/**
 * A change in two steps: read the bindings, then make the change only where they differ. The read
 * is items.get; where the family's records can be listed many at once (families.ts `listRead`) the
 * plan also offers `bulkRead`, which the router takes for every waiting item in one round, 50
 * records a command. A record an earlier item changes is read alone, in its turn (SkipChoice).
 */
export function readFirst(
	input: OperationInput,
	id: number,
	skip: SkipChoice,
	steps: SkipSteps,
): OperationPlan {
	const read: BitrixCall = {
		method: methodOf(input.family, 'items.get'),
		params: { id },
		subject: ownerSubject(input, id),
	};
	const current = (results: CallResults) => results.of(read);
	const listRead = input.family.listRead;
	return {
		calls: [read],
		// Never shown: the follow-up always takes the item's place once the read has answered.
		output: (results) => [steps.unchanged(current(results))],
		followUp: (results) => {
			const before = current(results);
			if (skip.mustWrite || steps.differs(before)) return steps.change(before);
			return unchangedPlan(input, steps.unchanged(before), bindingsOutput(input.family, before));
		},
		bulkRead:
			listRead && !skip.mustWrite
				? { source: listRead, ownerId: id, plan: (listed) => fromListed(input, steps, listed) }
				: undefined,
	};
}

/**
 * Set's verdict from the list: the records and the primary show a difference; the same ones
 * leave it unchanged when the list's order is the bindings' (or one record is bound) and no SORT
 * is given. Undefined otherwise, and where the type shows no primary.
 */
export function setDiffersListed(
	listed: ListedBindings,
	requested: BindingRequest[],
): boolean | undefined {
	if (listed.primary === undefined) return undefined;
	const wanted = requested.map((binding) => binding.boundId);
	const same = wanted.length === listed.ids.length && wanted.every((id) => listed.ids.includes(id));
	if (!same) return true;
	const wantedPrimary = (requested.find((binding) => binding.isPrimary) ?? requested[0])?.boundId;
	if (wanted.length > 0 && listed.primary !== wantedPrimary) return true;
	if (requested.some((binding) => binding.sort !== undefined)) return undefined;
	if (wanted.length < 2) return false;
	if (!listed.bySort) return undefined;
	return wanted.some((boundId, index) => listed.ids[index] !== boundId);
}
