/** `profile`: the user behind the webhook or token; what credential tests call. Needs no scope. */
import type { MethodDef } from './context';

export const profileMethods: Record<string, MethodDef> = {
	profile: {
		scope: null,
		handler: (_params, { state, userId }) => {
			const user = state.users.get(userId);
			return {
				result: {
					ID: String(userId),
					ADMIN: user?.ADMIN ?? false,
					NAME: user?.NAME ?? '',
					LAST_NAME: user?.LAST_NAME ?? '',
					PERSONAL_GENDER: '',
					TIME_ZONE: '',
					TIME_ZONE_OFFSET: 0,
				},
			};
		},
	},
};
