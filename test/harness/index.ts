/** Runs nodes inside n8n-core's real execution engine; see run-node.ts. */
export { runNode, type CredentialTypeName, type RunNodeOptions, type RunNodeResult } from './run-node';
export { CredentialStore, type StoredCredential, type TokenUpdate } from './credential-store';
export { HarnessCredentialsHelper } from './credentials-helper';
export { CredentialTypes, OAuth2ApiBase, bitrix24CredentialTypes } from './credential-types';
export { NodeTypes, SourceItems, SOURCE_NODE_TYPE } from './node-types';
export { CapturingLogger, logCapture, type LogEntry, type LogLevel } from './log-capture';
export { webhookCredentials, oauth2Credentials, connectOAuth2, type SandboxEndpoints } from './sandbox-credentials';
export { HttpProbe } from './probe-node';
export { ensureN8nRuntime } from './runtime';
