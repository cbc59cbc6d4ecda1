/**
 * The six methods of every binding family (b24restdocs api-reference/crm/ contacts/company/, companies/contacts/, deals/contacts/, leads/management-communication/, quote/contacts/), built from the table in
 * families.ts: `{prefix}.items.get|set|delete`, `{prefix}.add|delete|fields`. Sources:
 * the b24restdocs pages in api-reference/crm/contacts/company/ and the family pages cited in the README.
 */
import { RestError, crmError } from '../errors';
import { isPhpArray, phpArrayValues } from '../encoding';
import type { SandboxFamily } from '../families';
import type { BindingInput, StoredBinding } from '../state';
import type { Params } from '../types';
import { type CallContext, type MethodDef, intval, param } from './context';

function ownerId(params: Params, description: string): number {
	const id = intval(param(params, 'id'));
	if (id <= 0) throw crmError(description);
	return id;
}

const notFound = (family: SandboxFamily) =>
	new RestError(400, family.texts.notFound.code, family.texts.notFound.description);

function requireOwner(family: SandboxFamily, ctx: CallContext, id: number): void {
	if (!ctx.state.has(family.owner, id)) throw notFound(family);
}

/** One binding as the server reads it; entries that are not arrays become ID 0 and are skipped later. */
function toBindingInput(family: SandboxFamily, v: unknown): BindingInput {
	if (!isPhpArray(v) || Array.isArray(v)) return { boundId: 0 };
	const sort =
		v.SORT === undefined || v.SORT === null || v.SORT === '' ? undefined : intval(v.SORT);
	return { boundId: intval(v[family.idField]), SORT: sort, IS_PRIMARY: v.IS_PRIMARY };
}

function fieldsParam(family: SandboxFamily, params: Params): BindingInput {
	const fields = param(params, 'fields');
	if (!isPhpArray(fields)) throw crmError(family.texts.fieldsNotArray);
	const input = toBindingInput(family, fields);
	if (input.boundId <= 0) throw crmError(family.texts.fieldsNotValid);
	return input;
}

/** A stored binding as items.get answers it: numbers and "Y"/"N", the bound ID under the family's key. */
function asAnswer(family: SandboxFamily, binding: StoredBinding) {
	return {
		[family.idField]: binding.boundId,
		SORT: binding.SORT,
		ROLE_ID: binding.ROLE_ID,
		IS_PRIMARY: binding.IS_PRIMARY,
	};
}

export function bindingAnswers(family: SandboxFamily, ctx: Pick<CallContext, 'state'>, id: number) {
	return ctx.state.getBindings(family.key, id).map((binding) => asAnswer(family, binding));
}

/** The field-description shape of *.fields methods. */
function fieldDescription(info: { type: string; title: string; isRequired: boolean }) {
	return {
		type: info.type,
		isRequired: info.isRequired,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: info.title,
	};
}

/** items.get of an owner that does not exist; the contact family's answer can be switched (README choice 3). */
function unknownOwnerAnswersEmpty(family: SandboxFamily, ctx: CallContext): boolean {
	if (family.key === 'contactCompany') return ctx.behaviour.itemsGetUnknownContact === 'empty';
	return family.itemsGetUnknownOwner === 'empty';
}

/** add and delete: one binding, named in `fields`, of an owner that must exist (checked in that order). */
function oneBindingMethod(
	family: SandboxFamily,
	change: (ctx: CallContext, ownerId: number, input: ReturnType<typeof fieldsParam>) => boolean,
): MethodDef {
	return {
		scope: 'crm',
		handler: (params, ctx) => {
			const id = ownerId(params, family.texts.ownerIdInvalidFields);
			const input = fieldsParam(family, params);
			requireOwner(family, ctx, id);
			return { result: change(ctx, id, input) };
		},
	};
}

function familyMethods(family: SandboxFamily): Record<string, MethodDef> {
	const { texts } = family;
	return {
		[`${family.prefix}.fields`]: {
			scope: 'crm',
			handler: () => ({
				result: Object.fromEntries(
					Object.entries(family.fields).map(([name, info]) => [name, fieldDescription(info)]),
				),
			}),
		},

		[`${family.prefix}.items.get`]: {
			scope: 'crm',
			handler: (params, ctx) => {
				const id = ownerId(params, texts.ownerIdInvalid);
				if (!ctx.state.has(family.owner, id)) {
					if (unknownOwnerAnswersEmpty(family, ctx)) return { result: [] };
					throw notFound(family);
				}
				return { result: bindingAnswers(family, ctx, id) };
			},
		},

		[`${family.prefix}.items.set`]: {
			scope: 'crm',
			handler: (params, ctx) => {
				const id = ownerId(params, texts.ownerIdInvalid);
				const items = param(params, 'items');
				if (!isPhpArray(items)) throw crmError(texts.itemsNotArray);
				const values = phpArrayValues(items);
				if (values.length === 0 && ctx.behaviour.emptyItemsSet === 'error')
					throw crmError(texts.itemsNotArray);
				requireOwner(family, ctx, id);
				ctx.state.setBindings(
					family.key,
					id,
					values.map((v) => toBindingInput(family, v)),
				);
				return { result: true };
			},
		},

		[`${family.prefix}.items.delete`]: {
			scope: 'crm',
			handler: (params, ctx) => {
				const id = ownerId(params, texts.ownerIdInvalid);
				requireOwner(family, ctx, id);
				ctx.state.clearBindings(family.key, id);
				return { result: true };
			},
		},

		[`${family.prefix}.add`]: oneBindingMethod(family, (ctx, id, input) =>
			ctx.state.addBinding(family.key, id, input),
		),

		[`${family.prefix}.delete`]: oneBindingMethod(family, (ctx, id, input) =>
			ctx.state.removeBinding(family.key, id, input.boundId),
		),
	};
}

/** The six methods of each family, by lower-case name. */
export function bindingMethods(families: readonly SandboxFamily[]): Record<string, MethodDef> {
	return Object.assign({}, ...families.map(familyMethods));
}
