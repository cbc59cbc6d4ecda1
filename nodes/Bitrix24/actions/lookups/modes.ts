import type { INodePropertyMode } from 'n8n-workflow';

import type { EntityInfo } from '../entities';
import { lookupKindsOf } from './lookup';

const UNIQUE =
	'It must name exactly one; with none or several the item fails and changes nothing (Options > When Several Records Match can pick the oldest).';

/**
 * The modes, each list under a `modes` key as in a picker's description (n8n's lint reads modes
 * there, and needs no default for them), in words an agent filling the field can act on.
 */
function communicationModes(label: string): { modes: INodePropertyMode[] } {
	return {
		modes: [
			{
				displayName: 'By E-Mail',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. ann@example.com',
				hint: `The ${label} with this e-mail address (case does not matter). ${UNIQUE}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[^\\s@]+@[^\\s@]+\\s*$',
							errorMessage: 'Not an e-mail address',
						},
					},
				],
			},
			{
				displayName: 'By Phone',
				name: 'phone',
				type: 'string',
				placeholder: 'e.g. +7 912 345-67-89',
				hint: `The ${label} with this phone number, in any format: Bitrix24 compares the digits, without the extension. ${UNIQUE}`,
			},
		],
	};
}

function companyModes(label: string): { modes: INodePropertyMode[] } {
	return {
		modes: [
			{
				displayName: 'By Name',
				name: 'companyName',
				type: 'string',
				placeholder: 'e.g. Alpha LLC',
				hint: `The ${label} with exactly this name (case does not matter). ${UNIQUE}`,
			},
			{
				displayName: 'By Tax ID',
				name: 'taxId',
				type: 'string',
				placeholder: 'e.g. 7707083893',
				hint: `The ${label} whose requisites hold this tax ID (TIN or VAT ID field). ${UNIQUE}`,
			},
		],
	};
}

/** The lookup modes of a record type's picker, after its list, ID and URL modes. */
export function lookupModes(entity: EntityInfo): INodePropertyMode[] {
	const kinds: string[] = lookupKindsOf(entity);
	const all = [...communicationModes(entity.label).modes, ...companyModes(entity.label).modes];
	return all.filter((mode) => kinds.includes(mode.name));
}
