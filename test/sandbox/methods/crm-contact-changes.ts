/**
 * crm.contact.update and crm.contact.delete: the other ways a contact's companies change.
 *
 * crm.contact.update with `fields.COMPANY_IDS` (b24restdocs api-reference/crm/contacts/
 * crm-contact-update.md) replaces the contact's companies. [server] crm/classes/general/
 * crm_contact.php CCrmContact::Update: EntityBinding::prepareEntityBindings gives the IDs SORT 10,
 * 20, … in their order (IDs ≤ 0 skipped), markFirstAsPrimary makes the first the primary, and
 * prepareBindingChanges unbinds the companies left out. `COMPANY_ID` alone, for a company not yet
 * bound, stands for `COMPANY_IDS: [COMPANY_ID]` ("compatibility mode"). The contact's DATE_MODIFY
 * changes, unlike with the binding methods. An unknown contact: 400, "Contact is not found".
 *
 * crm.contact.delete (crm-contact-delete.md): `id` not a positive number is "ID is not defined or
 * invalid."; an unknown contact 400 ERROR_CORE "Element not found". Its bindings go with it.
 */
import { isoWithOffset } from '../envelope';
import { RestError, crmError, errors } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import type { PortalState } from '../state';
import type { Params } from '../types';
import { type MethodDef, intval, param } from './context';

function companyIdsOf(state: PortalState, id: number, fields: Record<string, unknown>) {
	const listed = fields.COMPANY_IDS;
	if (isPhpArray(listed)) return phpArrayValues(listed).map(intval);
	if (fields.COMPANY_ID === undefined) return undefined;
	const companyId = Math.max(intval(fields.COMPANY_ID), 0);
	const bound = state.getBindings('contactCompany', id).map((binding) => binding.boundId);
	if (bound.includes(companyId)) return undefined;
	return companyId > 0 ? [companyId] : [];
}

function update(params: Params, state: PortalState) {
	const id = intval(param(params, 'id'));
	const fields = param(params, 'fields');
	if (!isPhpArray(fields) || Array.isArray(fields))
		throw crmError("Parameter 'fields' must be array");
	const contact = state.contacts.get(id);
	if (!contact) throw crmError('Contact is not found');
	const companyIds = companyIdsOf(state, id, fields);
	if (companyIds) {
		const unique = [...new Set(companyIds.filter((companyId) => companyId > 0))];
		state.setBindings(
			'contactCompany',
			id,
			unique.map((boundId, index) => ({
				boundId,
				SORT: (index + 1) * 10,
				IS_PRIMARY: index === 0 ? 'Y' : 'N',
			})),
		);
	}
	contact.DATE_MODIFY = isoWithOffset(Date.now());
	return { result: true };
}

function remove(params: Params, state: PortalState) {
	const id = intval(param(params, 'id'));
	if (id <= 0) throw errors.idInvalid();
	if (!state.contacts.has(id)) throw new RestError(400, 'ERROR_CORE', 'Element not found');
	state.clearBindings('contactCompany', id);
	state.contacts.delete(id);
	return { result: true };
}

export const crmContactChangeMethods: Record<string, MethodDef> = {
	'crm.contact.update': { scope: 'crm', handler: (params, { state }) => update(params, state) },
	'crm.contact.delete': { scope: 'crm', handler: (params, { state }) => remove(params, state) },
};
