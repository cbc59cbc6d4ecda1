import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { EntityInfo } from '../actions/entities';
import { LIST_PAGE_SIZE } from '../actions/entities';
import type { BindingFamily } from '../actions/families';
import { entitiesOf } from '../actions/families';
import type { CommandsAnswer } from '../engine/sendCommands';
import { sendCommands } from '../engine/sendCommands';
import type { Session } from '../engine/session';
import { openSession } from '../engine/session';
import type { BitrixCall, EngineSettings } from '../engine/types';
import { DEFAULT_ENGINE_SETTINGS } from '../engine/types';
import { failureToNodeApiError } from '../explanations';
import type { BatchAnswer } from '../transport/batch';
import { commandFailure } from '../transport/batch';
import type { BitrixFailure } from '../transport/failure';
import type { Authentication } from '../transport/portal';
import { resolvePortal } from '../transport/portal';

/**
 * Someone waits in the editor for the list: the limits may hold a search back a minute at most,
 * and a failed request is tried again twice, within ten seconds.
 */
const PICKER_SETTINGS: EngineSettings = {
	...DEFAULT_ENGINE_SETTINGS,
	maxRetries: 2,
	maxRetryWaitMs: 10_000,
	maxLimitWaitMs: 60_000,
};

function termFilters(entity: EntityInfo, term: string | undefined): IDataObject[] {
	const text = (term ?? '').trim();
	if (text === '') return [{}];
	if (/^\d+$/.test(text)) return [{ ID: text }];
	return entity.searchFields.map((field) => ({ [`%${field}`]: text }));
}

/**
 * The pagination token: the ID of the last record listed, as `below:ID`; the next page lists the
 * records with a lower ID. Offsets would not do: a term is searched in several fields, each its
 * own list (crm.contact.list has no OR, api-reference/crm/contacts/crm-contact-list.md), and one
 * offset per list lets a record matching two fields come back on a later page.
 */
const TOKEN_PREFIX = 'below:';

function belowIdOf(paginationToken: string | undefined): number | undefined {
	if (!paginationToken?.startsWith(TOKEN_PREFIX)) return undefined;
	const id = Number(paginationToken.slice(TOKEN_PREFIX.length));
	return Number.isInteger(id) && id > 0 ? id : undefined;
}

function searchError(
	session: Session,
	entity: EntityInfo,
	failure: BitrixFailure,
	gaveUp?: string,
) {
	return failureToNodeApiError(session.context.getNode(), failure, {
		method: entity.listMethod,
		secrets: session.connection.secrets,
		gaveUp,
		credentialType: session.connection.credentialType,
		rights: `read ${entity.plural}`,
	});
}

/** One list command per searched field, each for the records below the last one listed. */
function searchCommands(
	entity: EntityInfo,
	term: string | undefined,
	belowId: number | undefined,
): Record<string, BitrixCall> {
	const below = belowId === undefined ? {} : { '<ID': belowId };
	const commands: Record<string, BitrixCall> = {};
	termFilters(entity, term).forEach((filter, index) => {
		commands[`f${index}`] = {
			method: entity.listMethod,
			params: { filter: { ...filter, ...below }, select: entity.select, order: { ID: 'DESC' } },
		};
	});
	return commands;
}

/** The lists' answer; with some lists answered, the picker shows what they found. */
function answeredLists(session: Session, entity: EntityInfo, sent: CommandsAnswer): BatchAnswer {
	if (!sent.ok) throw searchError(session, entity, sent.failure, sent.gaveUp);
	const firstFailed = Object.keys(sent.answer.errors)[0];
	if (firstFailed !== undefined && Object.keys(sent.answer.results).length === 0) {
		const failure = commandFailure(sent.answer, firstFailed) as BitrixFailure;
		throw searchError(session, entity, failure);
	}
	return sent.answer;
}

/** The first page of the lists' union, newest first, each record once. */
function pageOf(session: Session, entity: EntityInfo, answer: BatchAnswer): INodeListSearchResult {
	const byId = new Map<number, IDataObject>();
	for (const page of Object.values(answer.results)) {
		for (const record of Array.isArray(page) ? (page as IDataObject[]) : [])
			byId.set(Number(record.ID), record);
	}
	const newestFirst = [...byId.keys()].sort((a, b) => b - a);
	const listed = newestFirst.slice(0, LIST_PAGE_SIZE);
	// More may follow when the union was cut, or when a list had more than its page.
	const listHadMore = Object.values(answer.next).some((offset) => Number(offset) > 0);
	const hasMore = listed.length > 0 && (newestFirst.length > LIST_PAGE_SIZE || listHadMore);
	const results: INodeListSearchItems[] = listed.map((id) => ({
		name: `${entity.nameOf(byId.get(id) as IDataObject) || `${entity.title} ${id}`} (ID ${id})`,
		value: String(id),
		url: `${session.connection.origin}/crm/${entity.urlPath}/details/${id}/`,
	}));
	return {
		results,
		paginationToken: hasMore ? `${TOKEN_PREFIX}${listed[listed.length - 1]}` : undefined,
	};
}

/**
 * One page of records matching the term, newest first, each record once. Each searched field gets
 * its own list command, all in one batch request; the page is the first 50 of their union, so the
 * next page starts right after it.
 */
async function searchEntity(
	context: ILoadOptionsFunctions,
	entity: EntityInfo,
	term?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const authentication = context.getNodeParameter('authentication', 'webhook') as Authentication;
	const portal = await resolvePortal(context, authentication);
	const session = openSession(context, portal, PICKER_SETTINGS, 0);
	const commands = searchCommands(entity, term, belowIdOf(paginationToken));
	const answer = answeredLists(session, entity, await sendCommands(session, commands));
	return pageOf(session, entity, answer);
}

type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** One searchable-list method per record type of the families, named as the pickers reference them. */
export function listSearchMethods(
	families: readonly BindingFamily[],
): Record<string, ListSearchMethod> {
	return Object.fromEntries(
		entitiesOf(families).map((entity): [string, ListSearchMethod] => [
			entity.listSearch,
			async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
				return await searchEntity(this, entity, filter, paginationToken);
			},
		]),
	);
}
