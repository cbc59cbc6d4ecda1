/** Every REST method the sandbox serves, by lower-case name (the server looks methods up lower-cased, b24restdocs settings/how-to-call-rest-api/batch.md, [server] CRestProvider::methodsBatch). */
import { bindingMethods } from './bindings';
import type { MethodDef } from './context';
import { crmEntityMethods } from './crm-entities';
import { profileMethods } from './profile';

export const methods: Record<string, MethodDef> = {
	...bindingMethods,
	...crmEntityMethods,
	...profileMethods,
};

export function findMethod(name: string): MethodDef | undefined {
	return Object.prototype.hasOwnProperty.call(methods, name) ? methods[name] : undefined;
}
