import type { IDataObject } from 'n8n-workflow';

import { mapOf } from './answer';
import type { BitrixFailure } from './failure';
import { failureFromErrorBody } from './failure';

/*
 * The wire format of Bitrix24's `batch` method (api-reference/how-to-call-rest-api/batch.md):
 * each command is a string `method?query` with its parameters in PHP's bracket encoding, sent
 * under a key of its own; the answer holds each command's result, error, time and next-page
 * offset under the same key.
 */

function appendPair(pairs: string[], key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) {
		value.forEach((entry, index) => appendPair(pairs, `${key}[${index}]`, entry));
		return;
	}
	if (typeof value === 'object') {
		for (const [child, entry] of Object.entries(value as Record<string, unknown>)) {
			appendPair(pairs, `${key}[${child}]`, entry);
		}
		return;
	}
	const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
	pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
}

/**
 * Encodes parameters the way PHP's http_build_query does (`items[0][COMPANY_ID]=8`), the form
 * Bitrix24 parses inside each `batch` command string.
 */
export function toPhpQuery(params: Record<string, unknown>): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(params)) appendPair(pairs, key, value);
	return pairs.join('&');
}

/** One command of a batch: the method, and its parameters if it has any. */
export function batchCommand(method: string, params: Record<string, unknown>): string {
	const query = toPhpQuery(params);
	return query ? `${method}?${query}` : method;
}

/** The parameters of a batch request; `halt=0` lets the other commands run when one fails. */
export function batchParams(cmd: Record<string, string>): IDataObject {
	return { halt: 0, cmd };
}

/** A batch answer's `result`, read per command key. */
export interface BatchAnswer {
	results: IDataObject;
	errors: IDataObject;
	/** Each command's `time` object, as a direct call's answer would carry it. */
	times: IDataObject;
	/** List commands with more records: the offset of the next page. */
	next: IDataObject;
}

export function readBatchAnswer(result: unknown): BatchAnswer {
	const envelope = mapOf(result);
	return {
		results: mapOf(envelope.result),
		errors: mapOf(envelope.result_error),
		times: mapOf(envelope.result_time),
		next: mapOf(envelope.result_next),
	};
}

/** The failure of one command, when the batch answer has an error for it. */
export function commandFailure(answer: BatchAnswer, key: string): BitrixFailure | undefined {
	return key in answer.errors ? failureFromErrorBody(mapOf(answer.errors[key])) : undefined;
}
