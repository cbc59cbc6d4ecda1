import type { IExecuteFunctions } from 'n8n-workflow';

import type { ParameterReader } from './operationInput';

/** Whether a parameter as saved in the workflow holds an n8n expression anywhere inside it. */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

function savedValue(parameters: unknown, path: string): unknown {
	let value = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * Parameter readers for the items of one execution. Reading a parameter through n8n costs real
 * time (an expression about 0.1 ms), which adds up to seconds over thousands of items, so each
 * value is read once: a parameter without an expression once for all items (it cannot differ
 * between them), one with an expression once per item. Operations are pure, so a shared value is
 * never changed behind another reader.
 */
export function parameterReaders(
	context: IExecuteFunctions,
): (itemIndex: number) => ParameterReader {
	const saved = context.getNode().parameters;
	const sameForAll = new Map<string, unknown>();
	return (itemIndex) => {
		const ownValues = new Map<string, unknown>();
		return (name, fallback) => {
			if (sameForAll.has(name)) return sameForAll.get(name);
			if (ownValues.has(name)) return ownValues.get(name);
			const value = context.getNodeParameter(name, itemIndex, fallback);
			(holdsExpression(savedValue(saved, name)) ? ownValues : sameForAll).set(name, value);
			return value;
		};
	};
}
