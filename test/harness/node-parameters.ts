/**
 * The node's parameters as a saved workflow holds them: the names are written out here rather
 * than read from the node, so a renamed parameter or credential type fails the tests.
 */
import type {
	IDataObject,
	INode,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

export type Auth = 'webhook' | 'oAuth2';

export const CREDENTIAL_TYPE = {
	webhook: 'bitrix24WebhookApi',
	oAuth2: 'bitrix24OAuth2Api',
} as const;

export type LocatorMode = 'id' | 'url' | 'list';

/**
 * A resource-locator value as the n8n editor saves it: the value always as text. Typed as both a
 * locator and plain data, since suites build parameters both ways.
 */
export function locator(
	value: string | number | null,
	mode: LocatorMode = 'id',
): INodeParameterResourceLocator & IDataObject {
	return { __rl: true, mode, value: value === null ? null : String(value) };
}

/** The node's parameters for one operation of the contact-company resource. */
export function nodeParameters(
	auth: Auth,
	operation: string,
	rest: INodeParameters | IDataObject = {},
): INodeParameters {
	return {
		authentication: auth,
		resource: 'contactCompany',
		operation,
		...rest,
	} as INodeParameters;
}

/** The Bitrix24 node as a workflow holds it, for code that needs the node itself (contexts, errors). */
export function bitrix24Node(
	parameters: INodeParameters,
	credentials?: INode['credentials'],
): INode {
	return {
		id: 'bitrix24',
		name: 'Bitrix24',
		type: 'bitrix24',
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...(credentials && { credentials }),
	};
}
