/** Runs nodes inside n8n-core's real execution engine; see run-node.ts. */
export {
	runNode,
	type CredentialTypeName,
	type RunNodeOptions,
	type RunNodeResult,
} from './run-node';
export { CredentialStore, type StoredCredential, type TokenUpdate } from './credential-store';
export { HarnessCredentialsHelper } from './credentials-helper';
export { CredentialTypes, OAuth2ApiBase, bitrix24CredentialTypes } from './credential-types';
export { NodeTypes, SourceItems, SOURCE_NODE_TYPE } from './node-types';
export { CapturingLogger, logCapture, type LogEntry, type LogLevel } from './log-capture';
export {
	webhookCredentials,
	oauth2Credentials,
	connectOAuth2,
	storeFor,
	type SandboxEndpoints,
} from './sandbox-credentials';
export {
	CREDENTIAL_TYPE,
	bitrix24Node,
	locator,
	nodeParameters,
	type Auth,
	type LocatorMode,
} from './node-parameters';
export { HttpProbe } from './probe-node';
export { ensureN8nRuntime } from './runtime';
