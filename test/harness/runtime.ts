import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

import { logCapture } from './log-capture';

let ready = false;

/**
 * The process-wide state n8n-core reads from its DI container, set up once per jest worker.
 *
 * Everything else it needs resolves by itself from the container with n8n's real defaults:
 * OutboundHttp (axios, SSRF protection off as in a default n8n, so 127.0.0.1 is reachable),
 * LockService (the in-process lock behind the single-flight OAuth2 refresh), ErrorReporter.
 */
export function ensureN8nRuntime(): void {
	if (ready) return;

	// Every node context reads InstanceSettings, which creates `<N8N_USER_FOLDER>/.n8n/config` with
	// an encryption key when missing. Point it at a throw-away folder so tests never touch ~/.n8n.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));

	// `this.logger` in a node is the container's Logger, while n8n-workflow code logs through
	// LoggerProxy: route both into the capture so tests see every line.
	Container.set(Logger, logCapture as unknown as Logger);
	LoggerProxy.init(logCapture);

	ready = true;
}
