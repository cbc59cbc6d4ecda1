import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BindingFamily } from '../families';
import type { Lookup, LookupIds } from '../lookups/lookup';
import { describeLookup } from '../lookups/lookup';
import { locatorLookup } from '../lookups/references';
import { readRecordId } from './recordId';
import type { EntityInfo } from '../entities';
import type { OperationPlan } from './operationPlan';

export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** What an operation gets for one input item. Reading parameters is all it may do. */
export interface OperationInput {
	family: BindingFamily;
	read: ParameterReader;
	itemIndex: number;
	node: INode;
	/** Whether changes read the bindings back in the same request. */
	returnBindings: boolean;
	/**
	 * The records whose bindings earlier items of this run plan to change, shared by the run's
	 * items. Skip Unchanged never skips such a record: its read may be older than that change.
	 */
	changedEarlier?: Set<number>;
	/** The IDs of records named by e-mail, phone, name or tax ID (see lookups/); set by the router. */
	lookups?: LookupIds;
}

export interface BindingOperation {
	value: string;
	name: string;
	/** True for operations that only read: their items change nothing in Bitrix24. */
	readOnly?: boolean;
	/** True for an operation that can read the bindings before its change and report the change. */
	reportsChange?: boolean;
	/** True for changes Skip Unchanged can spare: read first, sent only where they change something. */
	skipsUnchanged?: boolean;
	action: (family: BindingFamily) => string;
	description: (family: BindingFamily) => string;
	properties: (family: BindingFamily) => INodeProperties[];
	/**
	 * Validates the item's parameters, once, and turns them into Bitrix24 calls and the way their
	 * results become the item's output; no I/O.
	 */
	plan: (input: OperationInput) => OperationPlan;
	/**
	 * Why repeating this operation's calls is safe (a retry may repeat a call Bitrix24 carried out
	 * when only its answer was lost), or false when it is not.
	 */
	repeatSafe: string | false;
}

export function invalidInput(
	input: OperationInput,
	field: string,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(
		input.node,
		`Invalid ${field} in item ${input.itemIndex}: ${problem}`,
		{
			itemIndex: input.itemIndex,
			description: fix,
		},
	);
}

/** The ID of a record the item names by a value; `where` is the field or row that holds it. */
export function idOfLookup(input: OperationInput, lookup: Lookup, where: string): number {
	if (!input.lookups) {
		// Only the router plans with lookups; a caller without them cannot find the record.
		throw new NodeOperationError(
			input.node,
			`${describeLookup(lookup)} cannot be looked up here (item ${input.itemIndex})`,
			{ itemIndex: input.itemIndex, description: 'Give the record by its ID.' },
		);
	}
	return input.lookups.idOf(lookup, where);
}

/**
 * An options parameter's value, one of `choices`; anything else (a hand-edited workflow, an
 * expression) is refused naming the field, with `fix` saying what to choose.
 */
export function readChoice<T extends string>(
	input: OperationInput,
	where: { parameter: string; fallback: T; field: string; fix: string },
	choices: readonly T[],
): T {
	const value = input.read(where.parameter, where.fallback);
	if (choices.includes(value as T)) return value as T;
	throw invalidInput(input, where.field, `"${String(value)}" is not a known choice`, where.fix);
}

export function readIdParameter(
	input: OperationInput,
	parameter: string,
	entity: EntityInfo,
): number {
	const value = input.read(parameter);
	const lookup = locatorLookup(entity, value);
	if (lookup?.ok) return idOfLookup(input, lookup.value, entity.title);
	if (lookup) {
		throw invalidInput(
			input,
			entity.title,
			lookup.problem,
			`Give the value that finds the ${entity.label} in Bitrix24, or pick the ${entity.label} by ID.`,
		);
	}
	const reading = readRecordId(value, entity.urlPath);
	if (!reading.ok) {
		throw invalidInput(
			input,
			`${entity.title} ID`,
			reading.problem,
			`Give the ID of an existing ${entity.label} as a positive whole number (like 54), pick it from the list, or paste its link from Bitrix24.`,
		);
	}
	return reading.id;
}

export function ownerId(input: OperationInput): number {
	return readIdParameter(input, input.family.owner.idParameter, input.family.owner);
}

/** What a call on the owner record is about, for error messages: "contact 54". */
export function ownerSubject(input: OperationInput, id: number): string {
	return `${input.family.owner.label} ${id}`;
}

export function methodOf(family: BindingFamily, suffix: string): string {
	return `${family.methodPrefix}.${suffix}`;
}
