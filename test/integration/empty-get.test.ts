/**
 * An empty Get is not silent: in the default output (one item per binding) a contact without
 * companies gives no item, and the run says so in n8n's log and as a hint in the output panel.
 * The output itself stays as saved workflows know it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import { locator, run, useWebhookSuite } from './helpers';

let store: CredentialStore;

useWebhookSuite((_sandbox, suiteStore) => {
	store = suiteStore;
});

const get = (output: string, contacts: number[]) =>
	run({
		store,
		auth: 'webhook',
		operation: 'get',
		parameters: { contactId: locator('={{ $json.contact }}'), output },
		items: contacts.map((contact) => ({ contact })),
	});

function hintsOf(runData: IDataObject): string[] {
	return Object.values(runData)
		.flatMap((runs) => runs as IDataObject[])
		.flatMap((task) => (task.hints as Array<{ message: string }> | undefined) ?? [])
		.map((hint) => hint.message);
}

it('says that a contact without companies gave no item, and how to get one', async () => {
	// Contact 82 has no companies in the demo portal.
	const result = await get('perBinding', [82]);

	expect(result.items).toEqual([]);
	const expected =
		'The contact has no companies bound: with Output "One Item per Binding" such a contact gives no item, so the workflow stops after this node. To get an item for every contact, choose Output "All Bindings in One Item", or turn on Always Output Data in the node\'s settings.';
	expect(hintsOf(result.runData as unknown as IDataObject)).toEqual([expected]);
	expect(result.logs.map((line) => line.message)).toContain(`Bitrix24: ${expected}`);
});

it('counts the contacts without companies among several', async () => {
	const result = await get('perBinding', [54, 82, 82]);
	expect(result.items).toHaveLength(3);
	expect(hintsOf(result.runData as unknown as IDataObject)).toEqual([
		expect.stringMatching(/^2 of 3 contacts have no companies bound: with Output/),
	]);
});

it('gives no hint when every contact has companies, or with one item per contact', async () => {
	expect(hintsOf((await get('perBinding', [54])).runData as unknown as IDataObject)).toEqual([]);
	const perOwner = await get('perOwner', [82]);
	expect(perOwner.items.map((item) => item.json)).toEqual([{ contactId: 82, companies: [] }]);
	expect(hintsOf(perOwner.runData as unknown as IDataObject)).toEqual([]);
});
