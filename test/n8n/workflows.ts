/**
 * The example workflows (Manual Trigger → Bitrix24; Bitrix24 Trigger → n8n's own nodes) that
 * `npm start` imports and the end-to-end tests execute. Each operation's node parameters live in one file, `workflows/<example>.json`,
 * written for the webhook credential; the OAuth2 variant is derived here so the parameters are
 * never written twice.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CREDENTIALS, PORTAL_CREDENTIAL, type AuthKind } from './credentials';

export const EXAMPLES = ['get', 'set', 'clear', 'trigger'] as const;
export type Example = (typeof EXAMPLES)[number];

export const WORKFLOWS_DIR = join(__dirname, 'workflows');
export const BITRIX24_NODE_NAME = 'Bitrix24';

/** Fixed ids, so the editor links that `npm start` prints stay the same from run to run. */
const WORKFLOW_IDS: Record<Example, Record<AuthKind, string>> = {
	get: { webhook: 'Bx24ExampleGet01', oAuth2: 'Bx24ExampleGet02' },
	set: { webhook: 'Bx24ExampleSet01', oAuth2: 'Bx24ExampleSet02' },
	clear: { webhook: 'Bx24ExampleClr01', oAuth2: 'Bx24ExampleClr02' },
	trigger: { webhook: 'Bx24ExampleTrg01', oAuth2: 'Bx24ExampleTrg02' },
};

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	/** Trigger nodes that serve a webhook: its id in the webhook registry, unique per workflow. */
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export function loadExample(example: Example): Workflow {
	return JSON.parse(readFileSync(join(WORKFLOWS_DIR, `${example}.json`), 'utf8')) as Workflow;
}

export function bitrix24Node(workflow: Workflow): WorkflowNode {
	// The trigger example starts with the Bitrix24 Trigger instead.
	const node = workflow.nodes.find(
		(n) => n.name === BITRIX24_NODE_NAME || n.type.endsWith('.bitrix24Trigger'),
	);
	if (!node) throw new Error(`workflow ${workflow.id} has no node named ${BITRIX24_NODE_NAME}`);
	return node;
}

/** The example with the given credential; a node id stays unique per workflow, not globally. */
export function exampleWorkflow(example: Example, auth: AuthKind): Workflow {
	const workflow = loadExample(example);
	if (workflow.id !== WORKFLOW_IDS[example].webhook) {
		throw new Error(
			`workflows/${example}.json has id ${workflow.id}; workflows.ts expects ${WORKFLOW_IDS[example].webhook}`,
		);
	}
	if (auth === 'webhook') return workflow;
	const credential = CREDENTIALS.oAuth2;
	const node = bitrix24Node(workflow);
	node.parameters = { ...node.parameters, authentication: 'oAuth2' };
	node.credentials = { [credential.type]: { id: credential.id, name: credential.name } };
	return { ...workflow, id: WORKFLOW_IDS[example].oAuth2, name: `${workflow.name} (OAuth2)` };
}

/** Every example with every credential: what `npm start` puts into the editor. */
export function allExampleWorkflows(): Workflow[] {
	return EXAMPLES.flatMap((example) => [
		exampleWorkflow(example, 'webhook'),
		exampleWorkflow(example, 'oAuth2'),
	]);
}

/** The one example a real portal gets: Get only reads, so running it changes nothing there. */
export const PORTAL_EXAMPLE: Example = 'get';
const PORTAL_WORKFLOW_ID = 'Bx24ExampleGet03';

export function portalExampleWorkflow(): Workflow {
	const workflow = loadExample(PORTAL_EXAMPLE);
	const node = bitrix24Node(workflow);
	node.credentials = {
		[PORTAL_CREDENTIAL.type]: { id: PORTAL_CREDENTIAL.id, name: PORTAL_CREDENTIAL.name },
	};
	return { ...workflow, id: PORTAL_WORKFLOW_ID, name: `${workflow.name} (your portal)` };
}

/** What `npm start` imports: the sandbox examples, plus the read-only one for a real portal when given. */
export function startExampleWorkflows(realPortal: boolean): Workflow[] {
	return [...allExampleWorkflows(), ...(realPortal ? [portalExampleWorkflow()] : [])];
}

export function workflowId(example: Example, auth: AuthKind): string {
	return WORKFLOW_IDS[example][auth];
}

/** Writes workflows one file each, the layout `n8n import:workflow --separate` reads. */
export function writeWorkflowFolder(dir: string, workflows: Workflow[]): void {
	mkdirSync(dir, { recursive: true });
	for (const workflow of workflows) {
		writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	}
}
