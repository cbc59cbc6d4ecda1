/** Shared by the sandbox's own tests: an instance per suite and small HTTP helpers over real HTTP. */
import { type Sandbox, startSandbox } from './server';
import type { SandboxOptions } from './types';

// Test assertions walk arbitrary JSON answers; a loose type keeps them readable.
export type Json = any;

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	body: Json;
}

export interface CallOptions {
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
	json?: unknown;
	form?: string;
	body?: string | Buffer;
	headers?: Record<string, string>;
	redirect?: 'manual' | 'follow';
}

export async function call(url: string, options: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { ...options.headers };
	let body: string | Buffer | undefined = options.body;
	if (options.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.json);
	} else if (options.form !== undefined) {
		headers['content-type'] ??= 'application/x-www-form-urlencoded';
		body = options.form;
	}
	const res = await fetch(url, {
		method: options.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body,
		redirect: options.redirect ?? 'manual',
	});
	const text = await res.text();
	let parsed: Json = undefined;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	return { status: res.status, headers: res.headers, text, body: parsed };
}

/**
 * Starts one sandbox for a test file and resets it before each test. It runs as a self-hosted
 * portal that allows webhooks over HTTP, since the sandbox speaks only HTTP.
 */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, allowHttpWebhooks: true, ...options });
	});
	beforeEach(async () => {
		await sandbox?.control.reset();
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	return () => {
		if (!sandbox) throw new Error('sandbox not started');
		return sandbox;
	};
}

/** Calls a REST method through the sandbox's webhook with a JSON body. */
export function hook(sb: Sandbox, method: string, params?: unknown): Promise<Reply> {
	return call(
		`${sb.webhookUrl}${method}`,
		params === undefined ? { method: 'POST' } : { json: params },
	);
}

export { sleep } from './http-io';

/** A binding as items.get answers it (ROLE_ID is always 0). */
export const companyBinding = (id: number, sort: number, primary: 'Y' | 'N') => ({
	COMPANY_ID: id,
	SORT: sort,
	ROLE_ID: 0,
	IS_PRIMARY: primary,
});
export const contactBinding = (id: number, sort: number, primary: 'Y' | 'N') => ({
	CONTACT_ID: id,
	SORT: sort,
	ROLE_ID: 0,
	IS_PRIMARY: primary,
});
