import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { toPhpQuery } from '../engine/phpQuery';
import { failureToNodeApiError } from '../transport/errors';
import { interpretAnswer } from '../transport/failure';
import type { Authentication, Portal } from '../transport/portal';
import { resolvePortal } from '../transport/portal';
import { postMethod } from '../transport/request';

const PAGE_SIZE = 50;

interface ListQuery {
	method: string;
	/** The filters to search by; their pages are merged, so a term can match any of the fields. */
	filters: IDataObject[];
	select: string[];
	label: (record: IDataObject) => string;
	urlSegment: string;
}

async function search(
	context: ILoadOptionsFunctions,
	query: ListQuery,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const portal: Portal = await resolvePortal(
		context,
		context.getNodeParameter('authentication', 'webhook') as Authentication,
	);
	const start = Number(paginationToken ?? 0) || 0;
	const cmd: Record<string, string> = {};
	query.filters.forEach((filter, index) => {
		cmd[`f${index}`] = `${query.method}?${toPhpQuery({ filter, select: query.select, order: { ID: 'DESC' }, start })}`;
	});
	const answer = interpretAnswer(await postMethod(context, portal, 'batch', { halt: 0, cmd }));
	if (!answer.ok) {
		throw failureToNodeApiError(context.getNode(), answer.failure, { method: query.method, secrets: portal.secrets });
	}
	const envelope = (answer.result ?? {}) as IDataObject;
	const results = (envelope.result && typeof envelope.result === 'object' ? envelope.result : {}) as IDataObject;
	const errors = (envelope.result_error && typeof envelope.result_error === 'object' ? envelope.result_error : {}) as IDataObject;
	const firstError = Object.values(errors)[0] as IDataObject | undefined;
	if (firstError && Object.keys(results).length === 0) {
		throw failureToNodeApiError(
			context.getNode(),
			{ code: String(firstError.error ?? ''), description: String(firstError.error_description ?? ''), retry: 'never' },
			{ method: query.method, secrets: portal.secrets },
		);
	}
	const next = (envelope.result_next && typeof envelope.result_next === 'object' ? envelope.result_next : {}) as IDataObject;

	const seen = new Set<string>();
	const found: INodeListSearchItems[] = [];
	for (const page of Object.values(results)) {
		for (const record of Array.isArray(page) ? (page as IDataObject[]) : []) {
			const id = String(record.ID);
			if (seen.has(id)) continue;
			seen.add(id);
			found.push({
				name: `${query.label(record)} (ID ${id})`,
				value: id,
				url: `${portal.key}/crm/${query.urlSegment}/details/${id}/`,
			});
		}
	}
	found.sort((a, b) => Number(b.value) - Number(a.value));
	const hasMore = Object.values(next).some((value) => Number(value) > 0);
	return { results: found, paginationToken: hasMore ? String(start + PAGE_SIZE) : undefined };
}

function termFilters(term: string | undefined, fields: string[]): IDataObject[] {
	const text = (term ?? '').trim();
	if (text === '') return [{}];
	if (/^\d+$/.test(text)) return [{ ID: text }];
	return fields.map((field) => ({ [`%${field}`]: text }));
}

export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		{
			method: 'crm.contact.list',
			filters: termFilters(filter, ['NAME', 'LAST_NAME']),
			select: ['ID', 'NAME', 'LAST_NAME'],
			label: (record) => `${record.NAME ?? ''} ${record.LAST_NAME ?? ''}`.trim() || `Contact ${String(record.ID)}`,
			urlSegment: 'contact',
		},
		paginationToken,
	);
}

export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		{
			method: 'crm.company.list',
			filters: termFilters(filter, ['TITLE']),
			select: ['ID', 'TITLE'],
			label: (record) => String(record.TITLE ?? '').trim() || `Company ${String(record.ID)}`,
			urlSegment: 'company',
		},
		paginationToken,
	);
}
