import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BitrixCall } from '../../engine/types';
import type { BindingFamily } from '../families';
import { readRecordId } from './recordId';
import type { EntityInfo } from '../entities';

export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** What an operation gets for one input item. Reading parameters is all it may do. */
export interface OperationInput {
	family: BindingFamily;
	read: ParameterReader;
	itemIndex: number;
	node: INode;
	/** Whether changes read the bindings back in the same request. */
	returnBindings: boolean;
}

export interface BindingOperation {
	value: string;
	name: string;
	/** True for operations that only read: their items change nothing in Bitrix24. */
	readOnly?: boolean;
	action: (family: BindingFamily) => string;
	description: (family: BindingFamily) => string;
	properties: (family: BindingFamily) => INodeProperties[];
	/** Validates the item's parameters and turns them into Bitrix24 calls; no I/O. */
	plan: (input: OperationInput) => BitrixCall[];
	/**
	 * Calls that need the first results, run in a second round (batched like the first); their
	 * results are appended to the first ones before shaping.
	 */
	followUp?: (input: OperationInput, results: unknown[]) => BitrixCall[];
	/** Turns the calls' results into the item's output JSON. */
	shape: (input: OperationInput, results: unknown[]) => IDataObject[];
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

export function readIdParameter(
	input: OperationInput,
	parameter: string,
	entity: EntityInfo,
): number {
	const reading = readRecordId(input.read(parameter), entity.urlPath);
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

export function methodOf(family: BindingFamily, suffix: string): string {
	return `${family.methodPrefix}.${suffix}`;
}

/** The read-back call that returns the bindings as they are after a change. */
export function readBackCall(input: OperationInput, id: number): BitrixCall[] {
	if (!input.returnBindings) return [];
	return [
		{
			method: methodOf(input.family, 'items.get'),
			params: { id },
			subject: `${input.family.owner.label} ${id}`,
			readBack: true,
		},
	];
}
