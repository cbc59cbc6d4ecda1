/**
 * The example workflows in a real n8n 2.41.1, run by n8n's own CLI (`n8n execute`) with each
 * credential: the output of the node and the sandbox's state afterwards.
 */
import type { AuthKind } from './credentials';
import {
	bitrix24Output,
	COMMAND_TIMEOUT_MS,
	expectSuccess,
	useN8n,
	type E2eN8n,
} from './e2e-fixture';
import { workflowId } from './workflows';

/** Contact 54 as the demo seed has it (the crm.contact.company.items.get doc example). */
const CONTACT_54 = [
	{ COMPANY_ID: 7, SORT: 100, IS_PRIMARY: 'Y' as const },
	{ COMPANY_ID: 8, SORT: 110, IS_PRIMARY: 'N' as const },
	{ COMPANY_ID: 9, SORT: 120, IS_PRIMARY: 'N' as const },
];

const simplify = (
	bindings: Array<{ COMPANY_ID: unknown; SORT: unknown; IS_PRIMARY: unknown }> | undefined,
) =>
	(bindings ?? []).map((b) => ({
		COMPANY_ID: Number(b.COMPANY_ID),
		SORT: Number(b.SORT),
		IS_PRIMARY: b.IS_PRIMARY,
	}));

let n8n: E2eN8n;

useN8n((started) => (n8n = started));

beforeEach(async () => {
	// Each example starts from the seed's bindings; a full reset would also drop the OAuth tokens n8n holds.
	await n8n.sandbox.control.seed({ bindings: { 54: CONTACT_54, 82: [] } });
});

describe.each<AuthKind>(['webhook', 'oAuth2'])(
	'example workflows in n8n with the %s credential',
	(auth) => {
		beforeAll(async () => {
			await n8n.sandbox.control.clearLog();
		});

		it(
			'Get puts out the companies of contact 54, one item each',
			async () => {
				const result = await n8n.cli.execute(workflowId('get', auth));
				expectSuccess(result);
				const items = bitrix24Output(result);
				expect(items).toEqual([
					expect.objectContaining({ contactId: 54, companyId: 7, isPrimary: true, sort: 100 }),
					expect.objectContaining({ contactId: 54, companyId: 8, isPrimary: false, sort: 110 }),
					expect.objectContaining({ contactId: 54, companyId: 9, isPrimary: false, sort: 120 }),
				]);
			},
			COMMAND_TIMEOUT_MS,
		);

		it(
			'Set gives contact 82 exactly companies 8 (primary, sort 100), 9 (200) and 10 (400)',
			async () => {
				const result = await n8n.cli.execute(workflowId('set', auth));
				expectSuccess(result);
				expect(bitrix24Output(result)).toHaveLength(1);
				const state = await n8n.sandbox.control.getState();
				expect(simplify(state.bindings['82'])).toEqual([
					{ COMPANY_ID: 8, SORT: 100, IS_PRIMARY: 'Y' },
					{ COMPANY_ID: 9, SORT: 200, IS_PRIMARY: 'N' },
					{ COMPANY_ID: 10, SORT: 400, IS_PRIMARY: 'N' },
				]);
				// The primary company is what Bitrix24 shows as the contact's COMPANY_ID.
				expect(state.contacts.find((c) => c.ID === 82)?.COMPANY_ID).toBe(8);
			},
			COMMAND_TIMEOUT_MS,
		);

		it(
			'Clear leaves contact 54 without companies',
			async () => {
				const result = await n8n.cli.execute(workflowId('clear', auth));
				expectSuccess(result);
				expect(bitrix24Output(result)).toHaveLength(1);
				const state = await n8n.sandbox.control.getState();
				expect(simplify(state.bindings['54'])).toEqual([]);
				// Nothing else changed.
				expect(simplify(state.bindings['85'])).toHaveLength(2);
			},
			COMMAND_TIMEOUT_MS,
		);

		it('reached the sandbox through that credential only', async () => {
			// REST calls only (the OAuth endpoints log a null method); the node may batch several calls in one.
			const calls = (await n8n.sandbox.control.getLog()).filter((entry) => entry.method !== null);
			const methods = calls.flatMap((entry) =>
				(entry.subCalls ?? [entry]).map((call) => call.method),
			);
			expect(methods).toEqual(
				expect.arrayContaining([
					'crm.contact.company.items.get',
					'crm.contact.company.items.set',
					'crm.contact.company.items.delete',
				]),
			);
			expect(new Set(calls.map((entry) => entry.authMode))).toEqual(
				new Set([auth === 'webhook' ? 'webhook' : 'oauth']),
			);
		});
	},
);
