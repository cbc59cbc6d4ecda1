/**
 * The methods that find records by a value: crm.duplicate.findbycomm (e-mail and phone, b24restdocs
 * api-reference/crm/duplicates/crm-duplicate-find-by-comm.md, [server] crm/classes/general/
 * restservice.php `CCrmDuplicateRestProxy::processMethodRequest`) and crm.requisite.list
 * (api-reference/crm/requisites/universal/crm-requisite-list.md). Companies by name are
 * crm.company.list with an `@TITLE`/`=TITLE` filter (crm-entities.ts).
 */
import { crmError } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import { COMM_OWNER_TYPES, normalizePhone, type CommType } from '../lookup-data';
import type { Params } from '../types';
import { type MethodDef, param } from './context';
import { list } from './crm-entities';

/** The server searches the first 20 distinct values and ignores the rest, without an error. */
export const FINDBYCOMM_MAX_VALUES = 20;
/** Each value finds at most 20 records (`$criterion->find($entityTypeID, 20)`). */
export const FINDBYCOMM_MAX_MATCHES = 20;

function commType(params: Params): CommType {
	const type = String(param(params, 'type') ?? '').toUpperCase();
	if (type === 'EMAIL' || type === 'PHONE') return type;
	if (type === '') throw crmError('Communication type is not defined.');
	throw crmError(`Communication type '${type}' is not supported in current context.`);
}

/** `CCrmOwnerType::ResolveID` of `entity_type`: 0 (any of the three) when absent or unknown. */
function ownerTypeId(params: Params): number {
	const name = String(params.entity_type ?? params.ENTITY_TYPE ?? '').toUpperCase();
	if (name === 'DEAL') throw crmError('Deal is not supported in current context.');
	return COMM_OWNER_TYPES[name] ?? 0;
}

/**
 * The distinct values searched: strings only (a JSON number is skipped, `!is_string($value)`), not
 * empty, a value equal to an earlier one skipped (phones compared normalised, e-mails as given),
 * and no more than 20.
 */
function searchedValues(type: CommType, params: Params): string[] {
	const raw = param(params, 'values');
	const values = isPhpArray(raw) ? phpArrayValues(raw) : [];
	if (values.length === 0) throw crmError('Communication values is not defined.');
	const searched: string[] = [];
	for (const value of values) {
		if (typeof value !== 'string' || value === '') continue;
		const same = (earlier: string) =>
			type === 'PHONE' ? normalizePhone(earlier) === normalizePhone(value) : earlier === value;
		if (searched.some(same)) continue;
		searched.push(value);
		if (searched.length >= FINDBYCOMM_MAX_VALUES) break;
	}
	return searched;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
	Object.entries(COMM_OWNER_TYPES).map(([name, id]) => [id, name]),
);

export const lookupMethods: Record<string, MethodDef> = {
	'crm.duplicate.findbycomm': {
		scope: 'crm',
		handler: (params, { state }) => {
			const type = commType(params);
			const values = searchedValues(type, params);
			const owner = ownerTypeId(params);
			// The union of every value's records, by type, each ID once, in the order found.
			const byType: Record<string, number[]> = {};
			for (const value of values) {
				for (const c of state.lookups.findByCommunication(
					type,
					value,
					owner,
					FINDBYCOMM_MAX_MATCHES,
				)) {
					const ids = (byType[TYPE_NAMES[c.ownerTypeId]] ??= []);
					if (!ids.includes(c.ownerId)) ids.push(c.ownerId);
				}
			}
			// PHP's empty array goes out as `[]`, not `{}`: that is the answer when nothing matches.
			return { result: Object.keys(byType).length > 0 ? byType : [] };
		},
	},
	'crm.requisite.list': {
		scope: 'crm',
		handler: (params, { state }) =>
			list(
				[...state.lookups.requisites.values()].map((r) => ({
					ID: String(r.ID),
					ENTITY_TYPE_ID: String(r.ENTITY_TYPE_ID),
					ENTITY_ID: String(r.ENTITY_ID),
					PRESET_ID: String(r.PRESET_ID),
					NAME: r.NAME,
					RQ_INN: r.RQ_INN,
					RQ_VAT_ID: r.RQ_VAT_ID,
					DATE_CREATE: r.DATE_CREATE,
				})),
				params,
			),
	},
};
