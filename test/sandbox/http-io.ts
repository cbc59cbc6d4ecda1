/** Reading requests and writing answers without ever throwing at the socket or waiting forever. */
import type { IncomingMessage, ServerResponse } from 'http';

export interface BodyRead {
	body: Buffer;
	tooLarge: boolean;
}

/**
 * Reads the whole body. Past `maxBytes` the rest is read and thrown away, so the client can finish
 * sending and still get an answer instead of a reset connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		const done = () =>
			resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge });
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBytes) {
				tooLarge = true;
				chunks.length = 0;
			} else if (!tooLarge) chunks.push(chunk);
		});
		req.on('end', done);
		req.on('error', done);
		req.on('close', done);
	});
}

export function sendRaw(
	res: ServerResponse,
	status: number,
	body: string | Buffer,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	res.writeHead(status, { 'content-length': String(payload.length), ...headers });
	res.end(payload);
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	sendRaw(res, status, JSON.stringify(body), {
		'content-type': 'application/json; charset=utf-8',
		...headers,
	});
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * PHP's json_encode of an array: empty → `[]`, keys exactly 0..n-1 → a list, else an object.
 * This is why batch answers carry `[]` for empty maps (b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch).
 */
export function phpArray(map: Record<string, unknown>): unknown[] | Record<string, unknown> {
	const keys = Object.keys(map);
	if (keys.every((k, i) => k === String(i))) return keys.map((k) => map[k]);
	return map;
}
