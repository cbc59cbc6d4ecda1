/**
 * `scope` (b24restdocs api-reference/common/system/scope.md): the scopes granted to the calling
 * webhook or application. It is a `basic` method, callable by any webhook or token, and `basic`
 * itself is never in the answer. With `full` it answers every scope the portal has, whatever the
 * caller holds. What the node's webhook credential test calls to see that `crm` is ticked.
 */
import type { MethodDef } from './context';

/**
 * Every scope of the sandbox's portal, for `full=true` ("the set depends on the installed
 * modules"): `crm` and `user`, which its methods and webhooks use, and the page's example answer.
 */
export const PORTAL_SCOPES = ['crm', 'department', 'entity', 'log', 'user'];

/**
 * scope.md: `false` in a JSON request gives the caller's own list, but "when passed in form-data,
 * the string `false` enables the full list": the server reads the value with PHP's (bool) cast.
 */
function wantsFullList(full: unknown): boolean {
	return !(
		full === undefined ||
		full === null ||
		full === false ||
		full === 0 ||
		full === '' ||
		full === '0'
	);
}

export const scopeMethods: Record<string, MethodDef> = {
	scope: {
		scope: null,
		handler: (params, { scope }) => ({
			result: wantsFullList(params.full) ? [...PORTAL_SCOPES] : [...scope],
		}),
	},
};
