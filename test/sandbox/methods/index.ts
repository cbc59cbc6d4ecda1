/** Every REST method the sandbox serves, by lower-case name (the server looks methods up lower-cased, b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch). */
import { bindingMethods } from './bindings';
import type { SandboxFamily } from '../families';
import type { MethodDef } from './context';
import { crmContactChangeMethods } from './crm-contact-changes';
import { crmEntityMethods } from './crm-entities';
import { crmItemListMethods } from './crm-item-list';
import { lookupMethods } from './lookups';
import { profileMethods } from './profile';
import { scopeMethods } from './scope';

export type MethodTable = Record<string, MethodDef>;

/** The methods of a portal that serves `families`. */
export function methodTable(families: readonly SandboxFamily[]): MethodTable {
	return {
		...bindingMethods(families),
		...crmEntityMethods,
		...crmItemListMethods,
		...crmContactChangeMethods,
		...lookupMethods,
		...profileMethods,
		...scopeMethods,
	};
}

export function findMethod(methods: MethodTable, name: string): MethodDef | undefined {
	return Object.prototype.hasOwnProperty.call(methods, name) ? methods[name] : undefined;
}
