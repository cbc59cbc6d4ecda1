import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { BINDING_OPERATIONS } from './bindings';
import { engineOptionsProperty } from './common/engineOptions';
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

/** The node's parameters, built from its binding families and the operations table. */
export function nodeProperties(families: readonly BindingFamily[]): INodeProperties[] {
	const resourceOptions = families
		.map((family) => ({
			name: family.displayName,
			value: family.resource,
			description: `The ${family.bound.plural} bound to a ${family.owner.label}`,
		}))
		.sort(byName);
	const defaultResource = families[0].resource;
	return [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Webhook', value: 'webhook', description: 'An inbound webhook URL of the portal' },
				{ name: 'OAuth2', value: 'oAuth2', description: 'A local application of the portal' },
			],
			default: 'webhook',
			description:
				'How to sign in to the Bitrix24 portal: with an inbound webhook URL or an OAuth2 local application',
		},
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resourceOptions,
			default: defaultResource,
		},
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
