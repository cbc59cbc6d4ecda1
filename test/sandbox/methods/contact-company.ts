/**
 * crm.contact.company.* (research §1; bitrix24-docs/crm-contact-company-items-get.en.txt,
 * crm-contact-company-items-set.en.txt, crm-contact-company-items-delete.ru.md).
 */
import { errors } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import type { BindingInput } from '../state';
import type { Params } from '../types';
import { type CallContext, type MethodDef, intval, param } from './context';

function ownerId(params: Params): number {
	const id = intval(param(params, 'id'));
	if (id <= 0) throw errors.ownerIdInvalid();
	return id;
}

function existingContact(params: Params, ctx: CallContext): number {
	const id = ownerId(params);
	if (!ctx.state.contacts.has(id)) throw errors.notFound();
	return id;
}

/** One binding as the server reads it; entries that are not arrays become COMPANY_ID 0 and are skipped later. */
function toBindingInput(v: unknown): BindingInput {
	if (!isPhpArray(v) || Array.isArray(v)) return { COMPANY_ID: 0 };
	const sort = v.SORT === undefined || v.SORT === null || v.SORT === '' ? undefined : intval(v.SORT);
	return { COMPANY_ID: intval(v.COMPANY_ID), SORT: sort, IS_PRIMARY: v.IS_PRIMARY };
}

function fieldsParam(params: Params): BindingInput {
	const fields = param(params, 'fields');
	if (!isPhpArray(fields)) throw errors.fieldsNotArray();
	const input = toBindingInput(fields);
	if (input.COMPANY_ID <= 0) throw errors.fieldsNotValid();
	return input;
}

export const contactCompanyMethods: Record<string, MethodDef> = {
	'crm.contact.company.fields': {
		scope: 'crm',
		handler: () => ({
			result: {
				COMPANY_ID: field('integer', 'Company ID', true),
				SORT: field('integer', 'Sort index', false),
				IS_PRIMARY: field('char', 'Primary company', false),
			},
		}),
	},

	'crm.contact.company.items.get': {
		scope: 'crm',
		handler: (params, ctx) => {
			const id = ownerId(params);
			if (!ctx.state.contacts.has(id)) {
				if (ctx.behaviour.itemsGetUnknownContact === 'empty') return { result: [] };
				throw errors.notFound();
			}
			return { result: ctx.state.getBindings(id) };
		},
	},

	'crm.contact.company.items.set': {
		scope: 'crm',
		handler: (params, ctx) => {
			const id = ownerId(params);
			const items = param(params, 'items');
			if (!isPhpArray(items)) throw errors.itemsNotArray();
			const values = phpArrayValues(items);
			if (values.length === 0 && ctx.behaviour.emptyItemsSet === 'error') throw errors.itemsNotArray();
			if (!ctx.state.contacts.has(id)) throw errors.notFound();
			ctx.state.setBindings(id, values.map(toBindingInput));
			return { result: true };
		},
	},

	'crm.contact.company.items.delete': {
		scope: 'crm',
		handler: (params, ctx) => {
			ctx.state.clearBindings(existingContact(params, ctx));
			return { result: true };
		},
	},

	'crm.contact.company.add': {
		scope: 'crm',
		handler: (params, ctx) => {
			const id = ownerId(params);
			const input = fieldsParam(params);
			if (!ctx.state.contacts.has(id)) throw errors.notFound();
			return { result: ctx.state.addBinding(id, input) };
		},
	},

	'crm.contact.company.delete': {
		scope: 'crm',
		handler: (params, ctx) => {
			const id = ownerId(params);
			const input = fieldsParam(params);
			if (!ctx.state.contacts.has(id)) throw errors.notFound();
			return { result: ctx.state.removeBinding(id, input.COMPANY_ID) };
		},
	},
};

/** The field-description shape of *.fields methods. */
function field(type: string, title: string, isRequired: boolean) {
	return {
		type,
		isRequired,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title,
	};
}
