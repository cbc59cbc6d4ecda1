import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { EntityInfo } from '../actions/entities';
import { ENTITIES, LIST_PAGE_SIZE } from '../actions/entities';
import { toPhpQuery } from '../engine/phpQuery';
import { mapOf } from '../transport/answer';
import { failureToNodeApiError } from '../transport/errors';
import { failureFromErrorBody, interpretAnswer } from '../transport/failure';
import type { Authentication } from '../transport/portal';
import { resolvePortal } from '../transport/portal';
import { postMethod } from '../transport/request';

function termFilters(entity: EntityInfo, term: string | undefined): IDataObject[] {
	const text = (term ?? '').trim();
	if (text === '') return [{}];
	if (/^\d+$/.test(text)) return [{ ID: text }];
	return entity.searchFields.map((field) => ({ [`%${field}`]: text }));
}

/**
 * One page of records matching the term. A term may match any of several fields (a contact's
 * first or last name), so each field gets its own list command, all in one batch request.
 */
async function searchEntity(
	context: ILoadOptionsFunctions,
	entity: EntityInfo,
	term?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const portal = await resolvePortal(context, context.getNodeParameter('authentication', 'webhook') as Authentication);
	const start = Number(paginationToken ?? 0) || 0;
	const cmd: Record<string, string> = {};
	termFilters(entity, term).forEach((filter, index) => {
		cmd[`f${index}`] = `${entity.listMethod}?${toPhpQuery({ filter, select: entity.select, order: { ID: 'DESC' }, start })}`;
	});
	const answer = interpretAnswer(await postMethod(context, portal, 'batch', { halt: 0, cmd }));
	if (!answer.ok) {
		throw failureToNodeApiError(context.getNode(), answer.failure, {
			method: entity.listMethod,
			secrets: portal.secrets,
			credentialType: portal.credentialType,
		});
	}
	const envelope = mapOf(answer.result);
	const pages = mapOf(envelope.result);
	const firstError = Object.values(mapOf(envelope.result_error))[0];
	if (firstError && Object.keys(pages).length === 0) {
		throw failureToNodeApiError(context.getNode(), failureFromErrorBody(mapOf(firstError)), {
			method: entity.listMethod,
			secrets: portal.secrets,
			credentialType: portal.credentialType,
		});
	}

	const seen = new Set<string>();
	const found: INodeListSearchItems[] = [];
	for (const page of Object.values(pages)) {
		for (const record of Array.isArray(page) ? (page as IDataObject[]) : []) {
			const id = String(record.ID);
			if (seen.has(id)) continue;
			seen.add(id);
			found.push({
				name: `${entity.nameOf(record) || `${entity.title} ${id}`} (ID ${id})`,
				value: id,
				url: `${portal.key}/crm/${entity.urlPath}/details/${id}/`,
			});
		}
	}
	found.sort((a, b) => Number(b.value) - Number(a.value));
	const hasMore = Object.values(mapOf(envelope.result_next)).some((next) => Number(next) > 0);
	return { results: found, paginationToken: hasMore ? String(start + LIST_PAGE_SIZE) : undefined };
}

type ListSearchMethod = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

/** One searchable-list method per record type, named as the pickers reference them. */
export const listSearch: Record<string, ListSearchMethod> = Object.fromEntries(
	ENTITIES.map((entity): [string, ListSearchMethod] => [
		entity.listSearch,
		async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
			return await searchEntity(this, entity, filter, paginationToken);
		},
	]),
);
