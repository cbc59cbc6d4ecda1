import { NodeConnectionTypes, NodeHelpers, jsonParse } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

export const SOURCE_NODE_TYPE = 'test.items';

/**
 * The first node of every harness workflow: it emits the `items` parameter (a JSON array of
 * objects) as its output, so the node under test receives them as real input from the engine.
 */
export class SourceItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: SOURCE_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'string', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = jsonParse<IDataObject[]>(this.getNodeParameter('items', 0) as string);
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

/** The node types a harness workflow can hold, by name; what n8n's loader provides in a real instance. */
export class NodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(types: Array<INodeType | IVersionedNodeType>) {
		for (const type of [new SourceItems(), ...types]) this.types.set(type.description.name, type);
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown node type "${name}"`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
