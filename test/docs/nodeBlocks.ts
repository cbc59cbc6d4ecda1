/**
 * README tables read from the node's own description: its resources and operations, the Options
 * collection, and the fields of both credentials. Nothing here is a copied list.
 */
import type { INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Bitrix24OAuth2Api } from '../../credentials/Bitrix24OAuth2Api.credentials';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import { BINDING_OPERATIONS } from '../../nodes/Bitrix24/actions/bindings';
import { listParameterNames } from '../../nodes/Bitrix24/actions/common/bindingList';
import { engineOptionsProperty } from '../../nodes/Bitrix24/actions/common/engineOptions';
import type { BindingOperation } from '../../nodes/Bitrix24/actions/common/operationInput';
import type { BindingFamily } from '../../nodes/Bitrix24/actions/families';
import { BINDING_FAMILIES } from '../../nodes/Bitrix24/actions/families';
import { cell, defaultOf, table } from './format';

const PLANNING_NODE: INode = {
	id: 'docs',
	name: 'Bitrix24',
	type: 'bitrix24',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The methods an operation calls, from its own planner (pure, no I/O) given one valid item: a
 * record 1 and a list holding record 2, without the read-back.
 */
export function methodsOf(operation: BindingOperation, family: BindingFamily): string[] {
	const names = listParameterNames(family);
	const values: Record<string, unknown> = {
		[family.owner.idParameter]: { __rl: true, mode: 'id', value: '1' },
		[family.bound.idParameter]: { __rl: true, mode: 'id', value: '2' },
		[names.mode]: 'json',
		[names.json]: '[2]',
	};
	const { calls } = operation.plan({
		family,
		read: (name, fallback) => (name in values ? values[name] : fallback),
		itemIndex: 0,
		node: PLANNING_NODE,
		returnBindings: false,
	});
	return [...new Set(calls.map((call) => call.method))];
}

export function operationsTable(): string {
	const rows = BINDING_OPERATIONS.map((operation) => [
		operation.name,
		...BINDING_FAMILIES.map((family) =>
			methodsOf(operation, family)
				.map((method) => `\`${method}\``)
				.join(', '),
		),
	]);
	return table(
		['Operation', ...BINDING_FAMILIES.map((family) => `${family.displayName}`)],
		['left', ...BINDING_FAMILIES.map(() => 'left' as const)],
		rows,
	);
}

function operationNames(values: unknown[]): string {
	return values
		.map(
			(value) =>
				BINDING_OPERATIONS.find((operation) => operation.value === value)?.name ?? String(value),
		)
		.join(', ');
}

export function optionsTable(): string {
	const options = (engineOptionsProperty.options ?? []) as INodeProperties[];
	return table(
		['Option', 'Default', 'Operations', 'What it does'],
		['left', 'left', 'left', 'left'],
		options.map((option) => {
			const only = option.displayOptions?.show?.['/operation'];
			return [
				`*${option.displayName}*`,
				defaultOf(option),
				only ? operationNames(only) : 'all',
				cell(option.description ?? ''),
			];
		}),
	);
}

/** When a field shows only for some choices of another, in the other's display names. */
function shownWhen(property: INodeProperties, all: INodeProperties[]): string {
	const show = property.displayOptions?.show;
	if (!show) return 'always';
	return Object.entries(show)
		.map(([name, values]) => {
			const other = all.find((candidate) => candidate.name === name);
			const choices = (values ?? []).map(
				(value) =>
					(other?.options as INodePropertyOptions[] | undefined)?.find(
						(option) => option.value === value,
					)?.name ?? String(value),
			);
			return `${other?.displayName ?? name}: ${choices.join(', ')}`;
		})
		.join('; ');
}

/** The fields a user fills in: not the hidden ones n8n fills, not the notices. */
export function credentialTable(properties: INodeProperties[]): string {
	const fields = properties.filter(
		(property) => property.type !== 'hidden' && property.type !== 'notice',
	);
	return table(
		['Field', 'Default', 'Required', 'Shown', 'What it holds'],
		['left', 'left', 'left', 'left', 'left'],
		fields.map((field) => [
			`*${field.displayName}*${field.typeOptions?.password ? ' (masked)' : ''}`,
			defaultOf(field),
			field.required ? 'yes' : 'no',
			shownWhen(field, fields),
			cell(field.description ?? ''),
		]),
	);
}

export function nodeBlocks(): Record<string, string> {
	return {
		operations: operationsTable(),
		options: optionsTable(),
		'webhook-credential': credentialTable(new Bitrix24WebhookApi().properties),
		'oauth2-credential': credentialTable(new Bitrix24OAuth2Api().properties),
	};
}
