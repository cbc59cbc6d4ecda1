import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	isExpression,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialStore } from './credential-store';
import type { CredentialTypes } from './credential-types';
import { SOURCE_NODE_TYPE } from './node-types';

/** OAuth endpoint/flow fields owned by the credential type when it pins them as hidden (n8n cli). */
const OAUTH_PINNED_FIELDS = ['authUrl', 'accessTokenUrl', 'grantType', 'authentication'];

/** Stands in for the expression context when a credential is resolved outside a node (cli does the same). */
const credentialResolutionNode: INode = {
	id: 'credential-resolution',
	name: '',
	type: SOURCE_NODE_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A stored credential as n8n-core sees one; "decrypting" is a copy, the store holds plain data. */
class StoredCredentials extends ICredentials {
	constructor(
		private readonly store: CredentialStore,
		details: INodeCredentialsDetails,
		type: string,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return this.store.get(this.type) ?? {};
	}

	getDataToSave(): ICredentialsEncrypted {
		return {
			id: this.id,
			name: this.name,
			type: this.type,
			data: JSON.stringify(this.store.get(this.type)),
		};
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.update(this.type, data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...(await this.getData()), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		this.store.update(this.type, data);
	}
}

/**
 * n8n's credentials helper over an in-memory store. It does what the n8n cli's CredentialsHelper
 * does with a credential on its way to a node: look it up by the id the node references, fill in
 * the type's defaults (including the parents' via `extends`), resolve `={{ $self[...] }}`
 * expressions, apply `authenticate`, report the `extends` chain so n8n-core takes its OAuth2 path,
 * and persist refreshed tokens. Database, encryption, overwrites and external secrets are left out.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		readonly store: CredentialStore,
		private readonly credentialTypes: CredentialTypes,
		private readonly nodeTypes: INodeTypes,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialTypes.getByName(credentialType);
		return !type.restrictToSupportedNodes || (type.supportedNodes ?? []).includes(nodeType);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getProperties(type);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Generic authentication needs the workflow and node');
			// Same merge as n8n: each `properties.<headers|qs|body|auth>.<key>` is an expression over $credentials.
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, inner] of Object.entries(authenticate.properties)) {
				target[outerKey] ??= {};
				for (const [key, value] of Object.entries(inner as Record<string, string>)) {
					const resolvedKey = this.resolveValue(key, { $credentials: credentials }, workflow, node);
					target[outerKey][resolvedKey] = this.resolveValue(
						value,
						{ $credentials: credentials },
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Session-token credentials (a hidden `expirable` field) only; neither Bitrix24 type has one. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials?.[typeName];
		if (nodeCredentials) {
			const data = { ...this.store.get(typeName), ...output } as ICredentialDataDecryptedObject;
			await this.updateCredentials(nodeCredentials, typeName, data);
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.credentialTypes.getByName(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const output = await preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const row = this.findRow(nodeCredentials, type);
		return new StoredCredentials(this.store, { id: row.id, name: row.name }, type);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.findRow(nodeCredentials, type).data;
		// The OAuth2 refresh asks for raw data to compare the stored token with the one it signed with.
		if (raw === true) return stored;
		return await this.applyDefaults(
			additionalData,
			stored,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.findRow(nodeCredentials, type);
		this.store.update(type, data);
	}

	/** Only the token data is written back, as n8n does: the rest of the row stays as the user saved it. */
	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.findRow(nodeCredentials, type);
		this.store.updateOauthTokenData(
			type,
			(data.oauthTokenData ?? {}) as ICredentialDataDecryptedObject,
		);
	}

	private findRow(nodeCredentials: INodeCredentialsDetails, type: string) {
		const row = this.store.findById(nodeCredentials.id, type);
		if (!row) {
			throw new Error(
				`Credential with ID "${nodeCredentials.id}" of type "${type}" does not exist`,
			);
		}
		return row;
	}

	/** The cli's applyDefaultsAndOverwrites, without overwrites. */
	private async applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		stored: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);

		// A hidden endpoint field belongs to the type, so a stale stored value must not win over it.
		const data = { ...stored };
		for (const field of OAUTH_PINNED_FIELDS) {
			if (properties.some((p) => p.name === field && p.type === 'hidden')) delete data[field];
		}

		let decrypted = NodeHelpers.getNodeParameters(
			properties,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		// getNodeParameters drops what is not a declared property; the token data is not one on children.
		if (stored.oauthTokenData !== undefined) decrypted.oauthTokenData = stored.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			decrypted = workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
			return decrypted;
		}

		const workflow = new Workflow({
			nodes: [credentialResolutionNode],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
		});
		return await workflow.expression.withIsolate(
			async () =>
				workflow.expression.getComplexParameterValue(
					credentialResolutionNode,
					decrypted as INodeParameters,
					mode,
					additionalKeys,
					undefined,
					undefined,
					decrypted,
				) as ICredentialDataDecryptedObject,
		);
	}

	private resolveValue(
		value: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}
}
