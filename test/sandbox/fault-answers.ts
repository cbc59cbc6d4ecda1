/** What an injected HTTP-level fault sends instead of the real answer. */
import { STATUS_CODES, type ServerResponse } from 'http';
import { sendJson, sendRaw } from './http-io';
import type { FaultSpec } from './types';

/** A gateway error page like the portal's nginx front shows. */
const htmlPage = (status: number) => {
	const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
};

/** The start of a real items.get answer, cut off mid-object: a complete HTTP message with broken JSON. */
const TRUNCATED_JSON = '{"result":[{"COMPANY_ID":7,"SORT":100,"ROLE_ID":0,"IS_PRIMA';

/** Sends the fault's answer and returns the status to log (0 when the connection was dropped). */
export function sendFault(
	res: ServerResponse,
	fault: Exclude<FaultSpec, { kind: 'delay' }>,
): number {
	switch (fault.kind) {
		case 'status': {
			const headers = fault.headers ?? {};
			if (typeof fault.body === 'string') {
				sendRaw(res, fault.status, fault.body, {
					'content-type': fault.contentType ?? 'text/plain; charset=utf-8',
					...headers,
				});
			} else {
				sendJson(
					res,
					fault.status,
					fault.body ?? {},
					fault.contentType ? { 'content-type': fault.contentType, ...headers } : headers,
				);
			}
			return fault.status;
		}
		case 'html': {
			const status = fault.status ?? 502;
			sendRaw(res, status, htmlPage(status), { 'content-type': 'text/html' });
			return status;
		}
		case 'truncated':
			sendRaw(res, 200, TRUNCATED_JSON, { 'content-type': 'application/json; charset=utf-8' });
			return 200;
		case 'empty': {
			const status = fault.status ?? 200;
			sendRaw(res, status, '', { 'content-type': 'application/json; charset=utf-8' });
			return status;
		}
		case 'drop':
			res.socket?.destroy();
			return 0;
	}
}
