import { runPlans } from '../../engine/runPlans';
import type { Session } from '../../engine/session';
import { inOwnRound } from '../../engine/session';
import type { ItemOutcome, ItemPlan } from '../../engine/types';
import type { Found, FoundRecords } from './found';
import type { Lookup } from './lookup';
import { lookupKey } from './lookup';
import type { ListSearch, SearchCommand } from './searches';
import { VALUES_PER_LIST, commSearch, listCommand } from './searches';

/** Companies by their exact title (b24restdocs api-reference/crm/companies/crm-company-list.md). */
const COMPANY_NAMES: ListSearch = {
	method: 'crm.company.list',
	field: 'TITLE',
	filter: {},
	idField: 'ID',
};

/**
 * A company's tax ID is on its requisites (crm.requisite.list, which point to their company by
 * ENTITY_TYPE_ID 4 and ENTITY_ID: api-reference/crm/requisites/universal/index.md). Which field
 * holds it depends on the country's preset: RQ_INN ("TIN") in most, RQ_VAT_ID in the US, France
 * and Poland ([server] crm/lib/entityrequisite.php `getDuplicateCriterionFieldsMap`), so both.
 */
const TAX_ID_SEARCHES: ListSearch[] = ['RQ_INN', 'RQ_VAT_ID'].map((field) => ({
	method: 'crm.requisite.list',
	field,
	filter: { ENTITY_TYPE_ID: 4 },
	idField: 'ENTITY_ID',
}));

function listCommands(kind: string, group: Lookup[]): SearchCommand[] {
	const searches = kind === 'companyName' ? [COMPANY_NAMES] : TAX_ID_SEARCHES;
	return searches.map((search) => listCommand(search, group));
}

/**
 * The round's first commands, made as the lookups come (the planner plans items as the engine
 * asks for commands, so planning overlaps the requests): one per e-mail or phone, one per 25
 * names or tax IDs and field. Each value once: `byKey` gets an empty finding for each new one.
 */
function* firstCommands(
	lookups: Iterable<Lookup>,
	byKey: Map<string, Found>,
): Generator<SearchCommand> {
	const pending = new Map<string, Lookup[]>();
	for (const lookup of lookups) {
		const key = lookupKey(lookup);
		if (byKey.has(key)) continue;
		byKey.set(key, { ok: true, ids: [] });
		if (lookup.kind === 'email' || lookup.kind === 'phone') {
			yield commSearch(lookup);
			continue;
		}
		const group = [...(pending.get(lookup.kind) ?? []), lookup];
		pending.set(lookup.kind, group);
		if (group.length < VALUES_PER_LIST) continue;
		pending.delete(lookup.kind);
		yield* listCommands(lookup.kind, group);
	}
	for (const [kind, group] of pending) yield* listCommands(kind, group);
}

/** The commands as the engine's plans, one call each, noting each in `sent` under its index. */
function* asPlans(commands: Iterable<SearchCommand>, sent: SearchCommand[]): Generator<ItemPlan> {
	for (const command of commands) {
		sent.push(command);
		yield { itemIndex: sent.length - 1, calls: [command.call] };
	}
}

/** Adds one command's matches for a lookup to what other commands found for it (tax IDs: two fields). */
function merge(byKey: Map<string, Found>, key: string, ids: number[], more: boolean): void {
	const before = byKey.get(key);
	if (before && !before.ok) return;
	const all = [...new Set([...(before?.ids ?? []), ...ids])].sort((a, b) => a - b);
	byKey.set(key, { ok: true, ids: all, more: (before?.more ?? false) || more });
}

/** Reads one command's outcome into the findings; gives the commands to send next, if any. */
function readOutcome(
	command: SearchCommand,
	outcome: ItemOutcome | undefined,
	byKey: Map<string, Found>,
): SearchCommand[] {
	if (!outcome?.ok) {
		const failure = outcome?.failure ?? { code: '', description: 'no answer came for the search' };
		for (const lookup of command.lookups) {
			const found: Found = { ok: false, failure, method: command.call.method };
			if (outcome?.gaveUp) found.gaveUp = outcome.gaveUp;
			byKey.set(lookupKey(lookup), found);
		}
		return [];
	}
	const answer = command.read(outcome.results[0]);
	if (answer === 'askAlone') return command.split?.() ?? [];
	for (const [key, { ids, more }] of answer) merge(byKey, key, ids, more);
	return [];
}

/**
 * The lookup round: every distinct value of the run, in batch requests through the engine (so
 * under the same request bucket, operating-time budget, pacing and retries as the items' calls),
 * before any of these items' own calls. List commands whose answer cannot tell its values apart
 * are sent again a value each, in one more round. Its own progress count: no item is done yet.
 */
export async function findRecords(
	session: Session,
	lookups: Iterable<Lookup>,
): Promise<FoundRecords> {
	const byKey = new Map<string, Found>();
	await inOwnRound(session, async (round) => {
		let commands: Iterable<SearchCommand> = firstCommands(lookups, byKey);
		for (;;) {
			const sent: SearchCommand[] = [];
			const outcomes = await runPlans(round, asPlans(commands, sent));
			const again = sent.flatMap((command, index) =>
				readOutcome(command, outcomes.get(index), byKey),
			);
			if (again.length === 0) break;
			commands = again;
		}
	});
	return { byKey, connection: session.connection };
}
