/**
 * The node as an AI agent's tool. n8n lists a `bitrix24Tool` variant of every node whose
 * description says `usableAsTool`; the variant is made by the n8n cli at start-up
 * (LoadNodesAndCredentials → createAiTools → convertNodeToAiTool). Neither n8n-workflow nor
 * n8n-core 2.41 exports that conversion, so it runs with the cli's own code from the real n8n
 * runtime (`npm run e2e:setup`), on the first tested version: its `tool-generation/ai-tools` module
 * is n8n 2.x's (1.85 keeps the conversion inside LoadNodesAndCredentials), so the second pass over
 * the other versions (other-versions.ts) leaves this file out.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { NodeConnectionTypes, NodeHelpers, deepCopy } from 'n8n-workflow';
import type {
	INodeProperties,
	INodePropertyCollection,
	INodeTypeDescription,
	KnownNodesAndCredentials,
} from 'n8n-workflow';

import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { FAMILY_CASES } from '../families/family-cases';
import { runtimeFor, TESTED_RUNTIMES } from './runtime';

const description = new Bitrix24().description;
const OPERATIONS = ['add', 'clear', 'get', 'getFields', 'remove', 'set'];

/** Parameters a user or an agent fills: everything but notices, callouts and hidden fields. */
const isVisible = (p: INodeProperties) => !['hidden', 'notice', 'callout'].includes(p.type);

/** Every parameter, nested collection and fixed-collection values included, with where it is. */
function allParameters(
	properties: INodeProperties[],
	where = '',
): Array<{ where: string; property: INodeProperties }> {
	return properties.flatMap((property) => {
		const here = `${where}${property.name}`;
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option)
				return allParameters((option as INodePropertyCollection).values, `${here}.${option.name}.`);
			if ('type' in option && 'displayName' in option)
				return allParameters([option as INodeProperties], `${here}.`);
			return [];
		});
		return [{ where: here, property }, ...nested];
	});
}

describe('node: usable as an AI tool', () => {
	test('the description says usableAsTool, and the node has one main input and output to wrap', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.inputs).toEqual([NodeConnectionTypes.Main]);
		expect(description.outputs).toEqual([NodeConnectionTypes.Main]);
		expect(description.description.length).toBeGreaterThan(40);
	});

	test('every resource has the six operations, each with an action and a description naming its records', () => {
		const resource = description.properties.find((p) => p.name === 'resource');
		expect((resource?.options ?? []).map((o) => (o as { value: string }).value).sort()).toEqual(
			FAMILY_CASES.map((f) => f.resource).sort(),
		);
		const actions = new Set<string>();
		for (const f of FAMILY_CASES) {
			const operation = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(f.resource),
			);
			const options = (operation?.options ?? []) as Array<{
				value: string;
				action?: string;
				description?: string;
			}>;
			expect(options.map((o) => o.value).sort()).toEqual(OPERATIONS);
			for (const option of options) {
				expect([f.resource, option.value, typeof option.action, typeof option.description]).toEqual(
					[f.resource, option.value, 'string', 'string'],
				);
				expect(option.description!.length).toBeGreaterThan(15);
				actions.add(option.action!);
			}
			const set = options.find((o) => o.value === 'set')!;
			const ownerLabel = f.ownerParam.replace(/Id$/, '');
			expect(set.action!.toLowerCase()).toContain(ownerLabel);
			expect(set.action!.toLowerCase()).toContain(f.plural);
		}
		// An agent picks a tool operation by its action; two equal ones could not be told apart.
		expect(actions.size).toBe(FAMILY_CASES.length * OPERATIONS.length);
	});

	test('every visible parameter has a description an agent can act on', () => {
		const missing: string[] = [];
		for (const { where, property } of allParameters(description.properties)) {
			if (!isVisible(property)) continue;
			if (property.name === 'resource' || property.name === 'operation') {
				// Described option by option.
				const undescribed = (property.options ?? []).filter(
					(o) => !(o as { description?: string }).description,
				);
				if (undescribed.length) missing.push(`${where} options`);
				continue;
			}
			const text = property.description ?? '';
			if (text.trim().length < 10 || text === property.displayName) missing.push(where);
		}
		expect(missing).toEqual([]);
	});

	test("each family's record parameters name that family's records", () => {
		for (const f of FAMILY_CASES) {
			const ownerLabel = f.ownerParam.replace(/Id$/, '');
			const owners = description.properties.filter(
				(p) => p.name === f.ownerParam && p.displayOptions?.show?.resource?.includes(f.resource),
			);
			expect(owners.length).toBe(OPERATIONS.length - 1);
			for (const p of owners)
				expect([f.resource, p.description?.toLowerCase().includes(ownerLabel)]).toEqual([
					f.resource,
					true,
				]);
		}
	});
});

const CLI_AI_TOOLS = join(
	runtimeFor(TESTED_RUNTIMES[0].n8n).n8nDir,
	'node_modules',
	'n8n',
	'dist',
	'tool-generation',
	'ai-tools.js',
);

interface CliAiTools {
	createAiTools: (
		types: { nodes: INodeTypeDescription[]; credentials: unknown[] },
		known: KnownNodesAndCredentials,
	) => void;
}

describe('node: the tool variant, made by the n8n cli', () => {
	let tool: INodeTypeDescription;
	let known: KnownNodesAndCredentials;

	beforeAll(async () => {
		// `npm test` installs the n8n runtime before jest runs; a missing one is a failure, not a skip.
		if (!existsSync(CLI_AI_TOOLS))
			throw new Error('The n8n runtime is missing: run `npm run e2e:setup` first');
		const { createAiTools } = (await import(CLI_AI_TOOLS)) as CliAiTools;
		const types = { nodes: [deepCopy(description)], credentials: [] };
		known = {
			nodes: {
				bitrix24: { className: 'Bitrix24', sourcePath: 'dist/nodes/Bitrix24/Bitrix24.node.js' },
			},
			credentials: {
				bitrix24WebhookApi: {
					className: 'Bitrix24WebhookApi',
					sourcePath: 'x',
					supportedNodes: ['bitrix24'],
				},
				bitrix24OAuth2Api: {
					className: 'Bitrix24OAuth2Api',
					sourcePath: 'x',
					supportedNodes: ['bitrix24'],
				},
			},
		};
		createAiTools(types, known);
		const made = types.nodes.find((n) => n.name === 'bitrix24Tool');
		if (!made) throw new Error('createAiTools made no bitrix24Tool');
		tool = made;
	});

	test('bitrix24Tool: no inputs, one ai_tool output, both credentials usable', () => {
		expect(tool.displayName).toBe('Bitrix24 Tool');
		expect(tool.inputs).toEqual([]);
		expect(tool.outputs).toEqual([NodeConnectionTypes.AiTool]);
		expect(known.nodes.bitrix24Tool).toBeDefined();
		expect(known.credentials.bitrix24WebhookApi.supportedNodes).toContain('bitrix24Tool');
		expect(known.credentials.bitrix24OAuth2Api.supportedNodes).toContain('bitrix24Tool');
		expect(tool.credentials?.map((c) => c.name)).toEqual([
			'bitrix24WebhookApi',
			'bitrix24OAuth2Api',
		]);
	});

	test('its properties are the operation parameters plus the tool description, which defaults to the node description', () => {
		const names = new Set(tool.properties.map((p) => p.name));
		for (const name of [
			'authentication',
			'resource',
			'operation',
			'options',
			'toolDescription',
			'descriptionType',
		]) {
			expect([name, names.has(name)]).toEqual([name, true]);
		}
		for (const f of FAMILY_CASES) {
			for (const name of [
				f.ownerParam,
				f.boundParam,
				`${f.plural}Input`,
				f.plural,
				`${f.plural}Json`,
				'includeNames',
				'isPrimary',
				'sort',
			]) {
				expect([name, names.has(name)]).toEqual([name, true]);
			}
		}
		expect(tool.properties.find((p) => p.name === 'toolDescription')?.default).toBe(
			description.description,
		);
	});

	test("n8n sees it as a tool, and resolves a deal's Set parameters on it as on the node", () => {
		const parameters = {
			resource: 'dealContact',
			operation: 'set',
			dealId: { __rl: true, mode: 'id', value: '1' },
		};
		const onTool = NodeHelpers.getNodeParameters(
			tool.properties,
			parameters,
			true,
			false,
			null,
			tool,
		);
		const onNode = NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			null,
			description,
		);
		expect(NodeHelpers.isTool(tool, {})).toBe(true);
		expect(NodeHelpers.isTool(description, {})).toBe(false);
		expect(onTool).toMatchObject(onNode ?? {});
		expect(onTool).toMatchObject({
			descriptionType: 'auto',
			contactsInput: 'fields',
			allowEmptyList: false,
		});
	});
});
