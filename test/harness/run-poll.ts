/**
 * Runs a polling trigger the way n8n does: a PollContext of n8n-core for the node, run through
 * n8n-core's PollTriggerExecutor (the code an active workflow's poll times run, activation
 * included) or, for "Fetch Test Event", through TriggersAndPollers in manual mode. The workflow's
 * static data is kept between polls, as n8n keeps it; `restart()` drops everything else and
 * reloads a copy of the static data as stored, as a restarted n8n does.
 */
import { Container } from '@n8n/di';
import { PollContext, TriggersAndPollers } from 'n8n-core';
import { PollTriggerExecutor } from 'n8n-core/dist/execution-engine/poll-trigger-executor';
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWorkflowBase,
} from 'n8n-workflow';

import type { CredentialStore } from './credential-store';
import { bitrix24CredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { withRunLogs, type LogEntry } from './log-capture';
import { NodeTypes } from './node-types';
import { additionalDataFor } from './run-node';
import { ensureN8nRuntime } from './runtime';

export interface PollResult {
	/** What the poll handed n8n to run the workflow with; null when it emitted nothing. */
	emitted: IDataObject[] | null;
	/** The poll's error: thrown at activation and in manual mode, reported by __emitError after. */
	error?: Error;
	logs: LogEntry[];
}

export interface PollOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	credentials: CredentialStore;
	credentialType: string;
}

let pollCounter = 0;

export class PollHarness {
	private staticData: IDataObject = {};
	private workflow!: Workflow;
	private readonly node: INode;

	constructor(private readonly options: PollOptions) {
		ensureN8nRuntime();
		// What n8n's loader does to a polling node: it gains the Poll Times parameter.
		const { properties } = options.nodeType.description;
		if (!properties.some((property) => property.name === 'pollTimes'))
			properties.unshift(...commonPollingParameters);
		const stored = options.credentials.row(options.credentialType);
		this.node = {
			id: 'trigger',
			name: 'Bitrix24 Trigger',
			type: options.nodeType.description.name,
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...options.parameters },
			...(stored && {
				credentials: { [options.credentialType]: { id: stored.id, name: stored.name } },
			}),
		};
		this.restart();
	}

	/** What n8n would have stored: the node's static data, as JSON. */
	stored(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** The trigger node's own part of it (n8n keys it `node:<name>`). */
	nodeState(): IDataObject {
		return (this.stored()[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	/** A new Workflow object with the stored static data, as after an n8n restart. */
	restart(staticData: IDataObject = this.staticData): void {
		this.staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		this.workflow = new Workflow({
			id: 'poll-workflow',
			name: 'Harness: poll',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new NodeTypes([this.options.nodeType]),
			staticData: this.staticData,
		});
	}

	private context(mode: 'trigger' | 'manual', emitted: { data: IDataObject[] | null }) {
		const helper = new HarnessCredentialsHelper(
			this.options.credentials,
			bitrix24CredentialTypes(),
			new NodeTypes([this.options.nodeType]),
		);
		const workflowData = { id: this.workflow.id, nodes: [this.node] } as unknown as IWorkflowBase;
		const additionalData = additionalDataFor(`poll-${++pollCounter}`, helper, workflowData);
		const emit = (data: INodeExecutionData[][]) => {
			emitted.data = data[0].map((item) => item.json);
		};
		let reported: Error | undefined;
		const context = new PollContext(
			this.workflow,
			this.node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			emit,
			(error) => (reported = error),
		);
		return { context, reported: () => reported };
	}

	/** One poll of the active workflow; `activation` for the one n8n runs when it activates. */
	async poll(activation = false): Promise<PollResult> {
		const emitted = { data: null as IDataObject[] | null };
		const { context, reported } = this.context('trigger', emitted);
		const executor = Container.get(PollTriggerExecutor);
		const run = executor.create(this.workflow, this.node, context, () => true);
		const { result, logs } = await withRunLogs(async () => {
			try {
				await run(activation);
				return reported();
			} catch (error) {
				return error as Error;
			}
		});
		return { emitted: emitted.data, error: result, logs };
	}

	/** "Fetch Test Event": the poll in manual mode, its items as n8n gets them. */
	async testFetch(): Promise<PollResult> {
		const emitted = { data: null as IDataObject[] | null };
		const { context } = this.context('manual', emitted);
		const { result, logs } = await withRunLogs(async () => {
			try {
				const data = await Container.get(TriggersAndPollers).runPollFunction(
					this.workflow,
					this.node,
					context,
				);
				return { data: data?.[0]?.map((item) => item.json) ?? null };
			} catch (error) {
				return { data: null, error: error as Error };
			}
		});
		return { emitted: result.data, error: 'error' in result ? result.error : undefined, logs };
	}
}
