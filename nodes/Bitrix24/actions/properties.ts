import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { BINDING_OPERATIONS } from './bindings';
import { engineOptionsProperty } from './common/engineOptions';
import { AUTHENTICATION_PROPERTY } from './authentication';
import type { BindingFamily } from './families';
import { severalMatchesOption } from './lookups/option';

/** Options are listed alphabetically, as n8n's lint rules require, whatever the tables' order. */
function byName<T extends { name: string }>(a: T, b: T): number {
	return a.name.localeCompare(b.name);
}

function operationProperty(family: BindingFamily): INodeProperties {
	const operationOptions = BINDING_OPERATIONS.map((operation) => ({
		name: operation.name,
		value: operation.value,
		description: operation.description(family),
		action: operation.action(family),
	})).sort(byName);
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [family.resource] } },
		options: operationOptions,
		default: 'get',
	};
}

function familyProperties(family: BindingFamily): INodeProperties[] {
	const perOperation = BINDING_OPERATIONS.flatMap((op) =>
		updateDisplayOptions(
			{ show: { resource: [family.resource], operation: [op.value] } },
			op.properties(family),
		),
	);
	return [operationProperty(family), ...perOperation];
}

/**
 * The Resource parameter: one option per family, sorted by name (n8n's rule), the first family of
 * the table the default. `describe` says what the resource is to this node.
 */
export function resourceProperty(
	families: readonly BindingFamily[],
	describe: (family: BindingFamily) => string,
): INodeProperties {
	const options = families
		.map((family) => ({
			name: family.displayName,
			value: family.resource,
			description: describe(family),
		}))
		.sort(byName);
	const defaultResource = families[0].resource;
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options,
		default: defaultResource,
	};
}

/** The node's parameters, built from its binding families and the operations table. */
export function nodeProperties(families: readonly BindingFamily[]): INodeProperties[] {
	return [
		AUTHENTICATION_PROPERTY,
		resourceProperty(
			families,
			(family) => `The ${family.bound.plural} bound to a ${family.owner.label}`,
		),
		...families.flatMap(familyProperties),
		optionsProperty(),
	];
}

/** The Options collection, with When Several Records Match (lookups/) in its alphabetical place. */
function optionsProperty(): INodeProperties {
	const options = [...(engineOptionsProperty.options ?? [])] as INodeProperties[];
	const after = options.findIndex((option) => byDisplayName(option, severalMatchesOption) > 0);
	options.splice(after === -1 ? options.length : after, 0, severalMatchesOption);
	return { ...engineOptionsProperty, options };
}

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}
