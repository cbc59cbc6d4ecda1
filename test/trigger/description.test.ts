/** n8n's rules for a trigger: polling, no inputs, not an AI tool; codex, icons and docs links like the action node. */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { Bitrix24Trigger } from '../../nodes/Bitrix24Trigger/Bitrix24Trigger.node';

const DIR = join(__dirname, '..', '..', 'nodes', 'Bitrix24Trigger');
const { description } = new Bitrix24Trigger();

it('is a polling trigger with no inputs, and not usable as an AI tool', () => {
	expect(description.name).toBe('bitrix24Trigger');
	expect(description.displayName).toBe('Bitrix24 Trigger');
	expect(description.polling).toBe(true);
	expect(description.group).toEqual(['trigger']);
	expect(description.inputs).toEqual([]);
	expect(description.usableAsTool).toBeUndefined();
	expect(description.credentials?.map((credential) => credential.name)).toEqual([
		'bitrix24WebhookApi',
		'bitrix24OAuth2Api',
	]);
});

it('has its codex with documentation links, and both icons', () => {
	const codex = JSON.parse(readFileSync(join(DIR, 'Bitrix24Trigger.node.json'), 'utf8'));
	expect(codex.node).toBe('n8n-nodes-bitrix24-contact-companies.bitrix24Trigger');
	expect(codex.resources.primaryDocumentation[0].url).toMatch(/docs\/trigger\.md$/);
	expect(codex.resources.credentialDocumentation[0].url).toMatch(/#credentials$/);
	expect(existsSync(join(DIR, 'bitrix24.svg'))).toBe(true);
	expect(existsSync(join(DIR, 'bitrix24.dark.svg'))).toBe(true);
});

it('offers every family whose row says how to list it', () => {
	const resource = description.properties.find((property) => property.name === 'resource');
	expect(resource?.options?.map((option) => ('value' in option ? option.value : ''))).toEqual([
		'companyContact',
		'contactCompany',
		'dealContact',
		'leadContact',
		'quoteContact',
	]);
});
